package dev.resultstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {

  @Test
  void writes_the_event_field_names_leaves_out_absent_fields_and_times_as_go_does()
      throws IOException {
    ResultSummary failed =
        new ResultSummary(
            "inv-1",
            "llm-chat",
            InvocationMode.ASYNC,
            InvocationState.FAILED,
            "framework_error",
            500,
            null,
            "runtime-workers",
            0,
            "CUDA out of memory",
            Instant.parse("2026-07-13T14:02:00Z"),
            Instant.parse("2026-07-13T14:02:00.120Z"));

    assertThat(json(failed))
        .isEqualTo(
            "{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"llm-chat\",\"mode\":\"async\","
                + "\"state\":\"failed\",\"failureClass\":\"framework_error\","
                + "\"workerNamespace\":\"runtime-workers\",\"statusCode\":500,\"bodyBytes\":0,"
                + "\"error\":\"CUDA out of memory\",\"startedAt\":\"2026-07-13T14:02:00Z\","
                + "\"completedAt\":\"2026-07-13T14:02:00.12Z\"}");
  }

  private static String json(ResultSummary summary) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      SummaryJson.writeFields(json, summary);
      json.writeEndObject();
    }
    return out.toString();
  }
}
