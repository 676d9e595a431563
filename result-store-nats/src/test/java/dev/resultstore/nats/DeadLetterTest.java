package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.core.EventIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant FAILED_AT = Instant.parse("2026-07-13T09:41:16.123456789Z");

  @Test
  void writes_the_contracts_fields_in_order() throws Exception {
    byte[] payload =
        "{\"version\":\"v1\", \"invocationID\":\"inv-1\"}".getBytes(StandardCharsets.UTF_8);
    DeadLetter letter =
        letter(
            new EventIdentity("inv-1", "sd-webui", "unit-a", "runtime-workers"),
            payload,
            "mode: is required");

    JsonNode json = JSON.readTree(letter.toJson());

    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "version",
            "source",
            "state",
            "failureClass",
            "invocationID",
            "serverlessRequestID",
            "workerName",
            "workerNamespace",
            "originalSubject",
            "stream",
            "consumer",
            "streamSequence",
            "consumerSequence",
            "deliveryCount",
            "error",
            "payload",
            "failedAt");
    assertThat(json.get("version").asText()).isEqualTo("v1");
    assertThat(json.get("source").asText()).isEqualTo("result");
    assertThat(json.get("state").asText()).isEqualTo("dead_lettered");
    assertThat(json.get("failureClass").asText()).isEqualTo("malformed_message");
    assertThat(json.get("invocationID").asText()).isEqualTo("inv-1");
    assertThat(json.get("serverlessRequestID").asText()).isEqualTo("sd-webui");
    assertThat(json.get("workerName").asText()).isEqualTo("unit-a");
    assertThat(json.get("workerNamespace").asText()).isEqualTo("runtime-workers");
    assertThat(json.get("originalSubject").asText()).isEqualTo("p.result.sd-webui");
    assertThat(json.get("stream").asText()).isEqualTo("S");
    assertThat(json.get("consumer").asText()).isEqualTo("C");
    assertThat(json.get("streamSequence").asLong()).isEqualTo(42);
    assertThat(json.get("consumerSequence").asLong()).isEqualTo(7);
    assertThat(json.get("deliveryCount").asLong()).isEqualTo(1);
    assertThat(json.get("error").asText()).isEqualTo("mode: is required");
    assertThat(json.get("failedAt").asText()).isEqualTo("2026-07-13T09:41:16.123456789Z");
  }

  @Test
  void embeds_a_json_payload_as_the_raw_bytes_that_arrived() throws Exception {
    String payload = "{ \"a\" : [1, 2.50, \"\\u00e9\"] }";

    byte[] encoded =
        letter(EventIdentity.UNKNOWN, payload.getBytes(StandardCharsets.UTF_8), "x").toJson();

    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .contains("\"payload\":" + payload + ",");
    assertThat(JSON.readTree(encoded).get("payload").isObject()).isTrue();
  }

  @Test
  void embeds_a_payload_that_is_not_json_as_a_string() throws Exception {
    String truncated = "{\"version\":\"v1\",\"body\":{\"unterminated\":";

    JsonNode json =
        JSON.readTree(
            letter(EventIdentity.UNKNOWN, truncated.getBytes(StandardCharsets.UTF_8), "x")
                .toJson());

    assertThat(json.get("payload").isTextual()).isTrue();
    assertThat(json.get("payload").asText()).isEqualTo(truncated);
  }

  @Test
  void embeds_two_json_values_or_trailing_garbage_as_a_string() throws Exception {
    for (String payload : List.of("{} {}", "{}x", "", "  ", "nul", "NaN")) {
      JsonNode json =
          JSON.readTree(
              letter(EventIdentity.UNKNOWN, payload.getBytes(StandardCharsets.UTF_8), "x")
                  .toJson());

      assertThat(json.get("payload").isTextual()).as(payload).isTrue();
      assertThat(json.get("payload").asText()).isEqualTo(payload);
    }
  }

  @Test
  void decodes_invalid_utf8_leniently_into_a_string() throws Exception {
    byte[] payload = {'"', 'a', (byte) 0xC3, (byte) 0x28, '"'};

    byte[] encoded = letter(EventIdentity.UNKNOWN, payload, "not UTF-8").toJson();

    JsonNode json = JSON.readTree(encoded);
    assertThat(json.get("payload").asText()).isEqualTo("\"a\uFFFD(\"");
  }

  @Test
  void leaves_out_the_identity_fields_it_could_not_read() throws Exception {
    JsonNode json = JSON.readTree(letter(EventIdentity.UNKNOWN, new byte[] {1, 2}, "x").toJson());

    assertThat(json.has("invocationID")).isFalse();
    assertThat(json.has("serverlessRequestID")).isFalse();
    assertThat(json.has("workerName")).isFalse();
    assertThat(json.has("workerNamespace")).isFalse();
    assertThat(json.get("payload").asText()).isEqualTo("\u0001\u0002");
  }

  @Test
  void the_message_id_names_the_invocation_and_the_stream_sequence() {
    assertThat(
            letter(new EventIdentity("inv-9", null, null, null), new byte[] {'1'}, "x").messageId())
        .isEqualTo("dlq-result-inv-9-42");
    assertThat(letter(EventIdentity.UNKNOWN, new byte[] {'1'}, "x").messageId())
        .isEqualTo("dlq-result-unknown-42");
    assertThat(
            letter(new EventIdentity("inv 9\r\n", null, null, null), new byte[] {'1'}, "x")
                .messageId())
        .isEqualTo("dlq-result-unknown-42");
  }

  @Test
  void an_invocation_id_too_long_for_a_header_is_named_unknown_in_the_message_id() {
    String id = "inv-" + "0".repeat(100_000);
    assertThat(letter(new EventIdentity(id, null, null, null), new byte[] {'1'}, "x").messageId())
        .isEqualTo("dlq-result-unknown-42");
  }

  @Test
  void a_letter_within_the_limit_is_encoded_whole() {
    DeadLetter letter =
        letter(EventIdentity.UNKNOWN, "not json".getBytes(StandardCharsets.UTF_8), "e");

    assertThat(letter.toJson(100_000)).isEqualTo(letter.toJson());
  }

  @Test
  void a_letter_over_the_limit_keeps_the_longest_leading_payload_that_fits() throws Exception {
    byte[] payload = "x".repeat(50_000).getBytes(StandardCharsets.UTF_8);
    DeadLetter letter = letter(EventIdentity.UNKNOWN, payload, "not valid JSON");

    byte[] cut = letter.toJson(20_000);

    assertThat(cut.length).isLessThanOrEqualTo(20_000).isGreaterThan(20_000 - 8);
    JsonNode json = JSON.readTree(cut);
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .as("the contract's fields first, in order, then the two that say it was cut")
        .endsWith("error", "payload", "failedAt", "payloadTruncated", "payloadBytes");
    assertThat(json.get("payloadTruncated").asBoolean()).isTrue();
    assertThat(json.get("payloadBytes").asLong()).isEqualTo(50_000);
    String kept = json.get("payload").asText();
    assertThat(kept).isNotEmpty().matches("x+");
    assertThat(json.get("error").asText())
        .startsWith("not valid JSON [payload cut to its first " + kept.length() + " of 50000 bytes")
        .contains("message 42 of stream S");
  }

  @Test
  void a_letter_with_escaped_characters_is_still_cut_to_fit() throws Exception {
    byte[] payload = "\u0001\"".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    payload[0] = 1; // a control character: six bytes once escaped
    DeadLetter letter = letter(EventIdentity.UNKNOWN, payload, "e");

    byte[] cut = letter.toJson(8_192);

    assertThat(cut.length).isLessThanOrEqualTo(8_192);
    assertThat(JSON.readTree(cut).get("payloadTruncated").asBoolean()).isTrue();
  }

  @Test
  void a_letter_reads_back_as_it_was_written() {
    DeadLetter written =
        letter(
            new EventIdentity("inv-1", "sd-webui", "unit-a", "runtime-workers"),
            "{\"version\":\"v1\", \"body\":{\"n\":1.50,\"s\":\"\\u00e9\"}}"
                .getBytes(StandardCharsets.UTF_8),
            "mode: is required");

    DeadLetter read = DeadLetter.parse(written.toJson());

    assertThat(read).usingRecursiveComparison().isEqualTo(written);
  }

  @Test
  void a_payload_that_is_not_json_reads_back_as_the_same_bytes() {
    DeadLetter written =
        letter(EventIdentity.UNKNOWN, "{\"broken\":".getBytes(StandardCharsets.UTF_8), "x");

    DeadLetter read = DeadLetter.parse(written.toJson());

    assertThat(read).usingRecursiveComparison().isEqualTo(written);
    assertThat(read.invocationId()).isNull();
  }

  @Test
  void a_scalar_payload_reads_back_exactly() {
    DeadLetter written =
        letter(EventIdentity.UNKNOWN, "12.50".getBytes(StandardCharsets.UTF_8), "x");

    assertThat(DeadLetter.parse(written.toJson()).payload()).asString().isEqualTo("12.50");
  }

  @Test
  void a_cut_letter_reads_back_without_a_payload_to_replay() {
    byte[] payload = new byte[20_000];
    Arrays.fill(payload, (byte) 'a');
    DeadLetter written = letter(EventIdentity.UNKNOWN, payload, "too big");

    DeadLetter read = DeadLetter.parse(written.toJson(8_192));

    assertThat(read.payloadTruncated()).isTrue();
    assertThat(read.payload()).isNull();
    assertThat(read.error()).startsWith("too big [payload cut to its first ");
    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("payload", "payloadTruncated", "error")
        .isEqualTo(written);
  }

  @Test
  void reads_a_letter_that_lacks_fields_as_nulls_and_zeros() {
    DeadLetter read =
        DeadLetter.parse(
            "{\"failureClass\":\"retry_exhausted\",\"failedAt\":\"2026-07-13T12:00:00+02:00\"}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(read.failureClass()).isEqualTo(FailureClass.RETRY_EXHAUSTED);
    assertThat(read.failedAt()).isEqualTo(Instant.parse("2026-07-13T10:00:00Z"));
    assertThat(read.payload()).isNull();
    assertThat(read.originalSubject()).isNull();
    assertThat(read.streamSequence()).isZero();
  }

  @Test
  void the_failure_class_is_its_wire_name_on_the_wire_and_an_unknown_one_reads_as_none() {
    for (FailureClass failureClass : FailureClass.values()) {
      assertThat(FailureClass.fromWireName(failureClass.wireName())).contains(failureClass);
      assertThat(failureClass).hasToString(failureClass.wireName());
    }
    assertThat(FailureClass.fromWireName("MALFORMED_MESSAGE")).isEmpty();
    assertThat(FailureClass.fromWireName(null)).isEmpty();
    assertThat(
            DeadLetter.parse(
                    "{\"failureClass\":\"framework_error\"}".getBytes(StandardCharsets.UTF_8))
                .failureClass())
        .isNull();
  }

  @Test
  void refuses_what_is_not_a_json_object() {
    assertThatThrownBy(() -> DeadLetter.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeadLetter.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static DeadLetter letter(EventIdentity identity, byte[] payload, String error) {
    return new DeadLetter(
        FailureClass.MALFORMED_MESSAGE,
        identity,
        "p.result.sd-webui",
        "S",
        "C",
        42,
        7,
        1,
        error,
        payload,
        FAILED_AT,
        false);
  }
}
