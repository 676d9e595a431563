package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.nats.DeadLetter;
import dev.resultstore.nats.DeadLetterReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterFormatTest {
  private static final String PAYLOAD =
      "{\"version\":\"v1\", \"invocationID\":\"inv-1\",\"body\":{\"n\":1.50,\"s\":\"\\u00e9\"}}";

  @Test
  void lists_as_one_json_line_without_the_payload() throws Exception {
    DeadLetter letter = DeadLetter.parse(bytes(deadLetter(PAYLOAD)));

    String line =
        DeadLetterFormat.jsonLine(new DeadLetterReader.Stored("p.dlq.result.app", 7, letter));

    assertThat(line).doesNotContain("\n").doesNotContain("\"body\"");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("invocationID").asText()).isEqualTo("inv-1");
    assertThat(json.path("failureClass").asText()).isEqualTo("retry_exhausted");
    assertThat(json.path("subject").asText()).isEqualTo("p.dlq.result.app");
    assertThat(json.path("dlqSequence").asLong()).isEqualTo(7);
    assertThat(json.path("originalSubject").asText()).isEqualTo("p.result.app");
    assertThat(json.path("failedAt").asText()).isEqualTo("2026-07-13T10:00:00Z");
    assertThat(json.path("replayable").asBoolean()).isTrue();
  }

  private static String deadLetter(String payload) {
    return "{\"version\":\"v1\",\"source\":\"result\",\"state\":\"dead_lettered\","
        + "\"failureClass\":\"retry_exhausted\",\"invocationID\":\"inv-1\","
        + "\"serverlessRequestID\":\"app\",\"originalSubject\":\"p.result.app\","
        + "\"stream\":\"S\",\"consumer\":\"c\",\"streamSequence\":3,\"consumerSequence\":9,"
        + "\"deliveryCount\":5,\"error\":\"store down\",\"payload\":"
        + payload
        + ",\"failedAt\":\"2026-07-13T10:00:00Z\"}";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
