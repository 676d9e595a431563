package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.testing.TestResults;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-07-13T09:41:16.123Z");

  @Test
  void each_status_has_its_own_exit_status() {
    ResultSummary summary = ResultSummary.of(TestResults.result("app", AT).build());

    assertThat(StatusOutput.exitStatus(ResultStatus.stored(summary))).isZero();
    assertThat(StatusOutput.exitStatus(ResultStatus.unknown())).isEqualTo(3);
    assertThat(StatusOutput.exitStatus(ResultStatus.expired(AT))).isEqualTo(4);
    assertThat(
            StatusOutput.exitStatus(
                ResultStatus.deadLettered(
                    new DeadLetterRecord("inv-1", "retry_exhausted", "x", AT))))
        .isEqualTo(5);
  }

  @Test
  void the_json_names_the_status_and_its_details() throws Exception {
    ResultSummary summary = ResultSummary.of(TestResults.result("app", AT).build());
    JsonNode stored = JSON.readTree(StatusOutput.json("inv-1", ResultStatus.stored(summary)));
    JsonNode dead =
        JSON.readTree(
            StatusOutput.json(
                "inv-2",
                ResultStatus.deadLettered(
                    new DeadLetterRecord("inv-2", "malformed_message", "no \"mode\"", AT))));
    JsonNode expired = JSON.readTree(StatusOutput.json("inv-3", ResultStatus.expired(AT)));

    assertThat(stored.get("status").asText()).isEqualTo("stored");
    assertThat(stored.get("summary").get("invocationID").asText())
        .isEqualTo(summary.invocationId());
    assertThat(dead.get("status").asText()).isEqualTo("dead_lettered");
    assertThat(dead.get("failureClass").asText()).isEqualTo("malformed_message");
    assertThat(dead.get("reason").asText()).isEqualTo("no \"mode\"");
    assertThat(dead.get("deadLetteredAt").asText()).isEqualTo("2026-07-13T09:41:16.123Z");
    assertThat(expired.get("expiredAt").asText()).isEqualTo("2026-07-13T09:41:16.123Z");
    assertThat(
            JSON.readTree(StatusOutput.json("inv-4", ResultStatus.unknown()))
                .get("status")
                .asText())
        .isEqualTo("unknown");
  }
}
