package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  private static final String PAYLOAD =
      "{\"version\":\"v1\", \"invocationID\":\"inv-1\",\"body\":{\"n\":1.50,\"s\":\"\\u00e9\"}}";

  @Test
  void keeps_the_original_payload_byte_for_byte() {
    DeadLetter letter = DeadLetter.parse("p.dlq.result.app", 7, bytes(deadLetter(PAYLOAD)));

    assertThat(new String(letter.payload(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
    assertThat(letter.failureClass()).isEqualTo("retry_exhausted");
    assertThat(letter.invocationId()).isEqualTo("inv-1");
    assertThat(letter.serverlessRequestId()).isEqualTo("app");
    assertThat(letter.originalSubject()).isEqualTo("p.result.app");
    assertThat(letter.error()).isEqualTo("store down");
    assertThat(letter.deliveryCount()).isEqualTo(5);
    assertThat(letter.failedAt()).isEqualTo("2026-07-13T10:00:00Z");
    assertThat(letter.sequence()).isEqualTo(7);
  }

  @Test
  void lists_as_one_json_line_without_the_payload() throws Exception {
    DeadLetter letter = DeadLetter.parse("p.dlq.result.app", 7, bytes(deadLetter(PAYLOAD)));

    String line = DeadLetterFormat.jsonLine(letter);

    assertThat(line).doesNotContain("\n").doesNotContain("\"body\"");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("invocationID").asText()).isEqualTo("inv-1");
    assertThat(json.path("failureClass").asText()).isEqualTo("retry_exhausted");
    assertThat(json.path("dlqSequence").asLong()).isEqualTo(7);
    assertThat(json.path("originalSubject").asText()).isEqualTo("p.result.app");
    assertThat(json.path("replayable").asBoolean()).isTrue();
  }

  @Test
  void a_payload_that_was_not_json_comes_back_as_its_text() {
    DeadLetter letter =
        DeadLetter.parse("p.dlq.result.unknown", 1, bytes(deadLetter("\"{\\\"broken\\\":\"")));

    assertThat(new String(letter.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"broken\":");
  }

  @Test
  void a_cut_payload_is_no_payload_to_replay() {
    String cut =
        "{\"failureClass\":\"malformed_message\",\"error\":\"e [payload cut]\","
            + "\"payload\":\"{\\\"a\\\":\",\"failedAt\":\"2026-07-13T09:41:16Z\","
            + "\"payloadTruncated\":true,\"payloadBytes\":1048000}";

    DeadLetter letter = DeadLetter.parse("s", 3, bytes(cut));

    assertThat(letter.payload()).isNull();
    assertThat(letter.error()).isEqualTo("e [payload cut]");
    assertThat(letter.failureClass()).isEqualTo("malformed_message");
  }

  @Test
  void keeps_scalar_payloads_exactly() {
    DeadLetter letter = DeadLetter.parse("s", 1, bytes(deadLetter("12.50")));

    assertThat(new String(letter.payload(), StandardCharsets.UTF_8)).isEqualTo("12.50");
  }

  @Test
  void refuses_what_is_not_a_json_object() {
    assertThatThrownBy(() -> DeadLetter.parse("s", 1, bytes("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeadLetter.parse("s", 1, bytes("{\"a\":")))
        .isInstanceOf(IllegalArgumentException.class);
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
