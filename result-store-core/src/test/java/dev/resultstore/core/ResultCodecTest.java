package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding rules and every rejection reason of {@link ResultCodec}. */
class ResultCodecTest {
  private static final Instant NOW = Instant.parse("2026-07-13T12:00:00.5Z");
  private static final ResultCodec CODEC = ResultCodec.withClock(Clock.fixed(NOW, ZoneOffset.UTC));

  /** A valid event's fields as raw JSON values, in order; tests change or remove some. */
  private final Map<String, String> fields = new LinkedHashMap<>();

  ResultCodecTest() {
    fields.put("version", "\"v1\"");
    fields.put("invocationID", "\"inv-1\"");
    fields.put("serverlessRequestID", "\"sd-webui\"");
    fields.put("mode", "\"sync\"");
    fields.put("completedAt", "\"2026-07-13T09:41:16Z\"");
  }

  @Test
  void parses_the_timestamps_it_writes_and_offsets_and_nothing_else() {
    Instant instant = Instant.parse("2026-07-13T09:41:16.1234Z");

    assertThat(ResultCodec.parseTimestamp(ResultCodec.formatTimestamp(instant))).contains(instant);
    assertThat(ResultCodec.parseTimestamp("2026-07-13T12:00:00+02:00"))
        .contains(Instant.parse("2026-07-13T10:00:00Z"));
    assertThat(ResultCodec.parseTimestamp("2026-07-13T09:41:16.1234567891Z"))
        .contains(Instant.parse("2026-07-13T09:41:16.123456789Z"));
    assertThat(ResultCodec.parseTimestamp("yesterday")).isEmpty();
    assertThat(ResultCodec.parseTimestamp(null)).isEmpty();
  }

  @Test
  void a_minimal_event_gets_the_contract_defaults() {
    fields.remove("completedAt");

    InvocationResult result = decode();

    assertThat(result.state()).isEqualTo(InvocationState.SUCCEEDED);
    assertThat(result.completedAt()).isEqualTo(NOW);
    assertThat(result.startedAt()).isEqualTo(NOW);
    assertThat(result.storedAt()).isEqualTo(NOW);
    assertThat(result.headers()).isEmpty();
    assertThat(result.body()).isNull();
    assertThat(result.statusCode()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "'', '', succeeded",
    "'', 'boom', failed",
    "framework_timeout, 'boom', expired",
    "framework_timeout, '', expired",
    "dispatch_error, '', succeeded"
  })
  void a_missing_state_is_derived(String failureClass, String error, String expected) {
    if (!failureClass.isEmpty()) {
      fields.put("failureClass", quote(failureClass));
    }
    fields.put("error", quote(error));

    assertThat(decode().state()).isEqualTo(InvocationState.fromWire(expected));
  }

  @Test
  void an_empty_state_counts_as_missing_as_in_go() {
    fields.put("state", "\"\"");
    fields.put("error", "\"boom\"");

    assertThat(decode().state()).isEqualTo(InvocationState.FAILED);
  }

  @Test
  void go_zero_times_mean_unknown() {
    fields.put("startedAt", "\"0001-01-01T00:00:00Z\"");
    fields.put("completedAt", "\"0001-01-01T00:00:00Z\"");

    InvocationResult result = decode();

    assertThat(result.completedAt()).isEqualTo(NOW);
    assertThat(result.startedAt()).isEqualTo(NOW);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-07-13T09:41:16Z, 2026-07-13T09:41:16Z",
    "2026-07-13T09:41:16.1Z, 2026-07-13T09:41:16.100Z",
    "2026-07-13T09:41:16.123456789Z, 2026-07-13T09:41:16.123456789Z",
    "2026-07-13T10:02:00-04:00, 2026-07-13T14:02:00Z",
    "2026-07-13T05:30:00.5+05:30, 2026-07-13T00:00:00.5Z",
    "2024-02-29T23:59:59.999999999+00:00, 2024-02-29T23:59:59.999999999Z",
    "0001-01-01T00:00:01Z, 0001-01-01T00:00:01Z"
  })
  void timestamps_are_rfc_3339_with_offsets(String wire, String expected) {
    fields.put("startedAt", quote(wire));

    assertThat(decode().startedAt()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "",
        "2026-07-13",
        "2026-07-13 09:41:16Z",
        "2026-07-13t09:41:16Z",
        "2026-07-13T09:41:16z",
        "2026-07-13T09:41:16",
        "2026-07-13T09:41:16.Z",
        "2026-07-13T09:41:16+0400",
        "2026-07-13T09:41:16+04",
        "2026-07-13T09:41:16+24:00",
        "2026-07-13T09:41:16Z ",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-07-13T24:00:00Z",
        "2026-07-13T09:60:00Z",
        "2026-07-13T09:41:60Z",
        "+2026-07-13T09:41:16Z"
      })
  void malformed_timestamps_are_rejected_naming_the_field(String wire) {
    fields.put("completedAt", quote(wire));

    assertRejected("completedAt")
        .hasMessage(
            "completedAt: expected an RFC 3339 timestamp such as 2026-07-13T09:41:16.123456789Z"
                + " but was "
                + quote(wire));
  }

  @Test
  void a_timestamp_that_is_not_a_string_is_rejected() {
    fields.put("startedAt", "1752399676");

    assertRejected("startedAt").hasMessageEndingWith("but was a number");
  }

  @Test
  void body_keeps_the_exact_bytes_of_any_json_value() {
    String[] bodies = {
      "\"caf\\u00e9 \\\"quoted\\\" \u00e9\"",
      "1.0e10",
      "-0",
      "12",
      "true",
      "false",
      "null",
      "{ \"a\" : [ 1, {\"b\" : 2.50} ],\n\t\"c\": \"\\n\" }",
      "[[],[[]],{}]",
      "\"\"",
      "{}"
    };
    for (String body : bodies) {
      for (String space : new String[] {"", " ", "\n\t "}) {
        String event =
            "{\"version\":\"v1\",\"body\":"
                + space
                + body
                + space
                + ",\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"r\",\"mode\":\"sync\"}";
        assertThat(CODEC.decode(utf8(event)).body())
            .as("%s surrounded by %s", body, space.length())
            .isEqualTo(RawJson.of(body));
        String last =
            "{\"version\":\"v1\",\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"r\","
                + "\"mode\":\"sync\",\"body\":"
                + space
                + body
                + space
                + "}";
        assertThat(CODEC.decode(utf8(last)).body()).isEqualTo(RawJson.of(body));
      }
    }
  }

  @Test
  void body_json_null_differs_from_no_body() {
    fields.put("body", "null");
    assertThat(decode().body()).isEqualTo(RawJson.of("null"));

    fields.remove("body");
    assertThat(decode().body()).isNull();
  }

  @Test
  void an_invalid_body_makes_the_message_invalid_json() {
    fields.put("body", "{\"a\":}");

    assertRejected(null).hasMessageStartingWith("is not valid JSON (in body) at byte offset");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01",
        "NaN",
        "+1",
        ".5",
        "1.",
        "'x'",
        "[1,]",
        "{\"a\":1,}",
        "/*c*/1",
        "\"a\tb\"",
        "\"\\x\"",
        "tru",
        "{\"a\" 1}",
        "[1 2]"
      })
  void bodies_that_are_not_standard_json_are_rejected(String body) {
    fields.put("body", body);

    assertRejected(null).hasMessageStartingWith("is not valid JSON (in body) at byte offset");
  }

  @Test
  void a_broken_field_name_is_not_blamed_on_the_field_before_it() {
    String event = "{\"version\":\"v1\",unquoted:1}";

    assertThatThrownBy(() -> CODEC.decode(utf8(event)))
        .isInstanceOf(InvalidResultException.class)
        .hasMessageStartingWith("is not valid JSON at byte offset ")
        .hasMessageNotContaining("version");
  }

  @Test
  void unknown_fields_are_ignored_even_when_they_nest_known_names() {
    fields.put("extra", "{\"invocationID\":\"inv-nested\",\"deep\":[{\"mode\":1}]}");
    fields.put("future", "[1,2,3]");

    assertThat(decode().invocationId()).isEqualTo("inv-1");
  }

  @Test
  void duplicates_follow_go_the_last_value_wins_and_null_changes_nothing() {
    String event =
        "{\"version\":\"v1\",\"invocationID\":\"inv-first\",\"invocationID\":\"inv-last\","
            + "\"serverlessRequestID\":\"r\",\"mode\":\"sync\",\"error\":\"kept\",\"error\":null,"
            + "\"headers\":{\"a\":\"1\",\"b\":\"1\"},\"headers\":{\"b\":\"2\",\"c\":null},"
            + "\"statusCode\":200,\"statusCode\":null,\"body\":1,\"body\":[2]}";

    InvocationResult result = CODEC.decode(utf8(event));

    assertThat(result.invocationId()).isEqualTo("inv-last");
    assertThat(result.error()).isEqualTo("kept");
    assertThat(result.headers()).isEqualTo(Map.of("a", "1", "b", "2", "c", ""));
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.body()).isEqualTo(RawJson.of("[2]"));
  }

  @Test
  void headers_null_clears_them() {
    fields.put("headers", "{\"a\":\"1\"}");
    String event = json().replace("}", "") + "},\"headers\":null}";

    assertThat(CODEC.decode(utf8(event)).headers()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
  void anything_but_an_object_is_rejected(String message) {
    assertThatThrownBy(() -> CODEC.decode(utf8(message)))
        .isInstanceOfSatisfying(InvalidResultException.class, e -> assertThat(e.field()).isNull())
        .hasMessageStartingWith("expected a JSON object but was ");
  }

  @Test
  void empty_messages_are_rejected() {
    assertThatThrownBy(() -> CODEC.decode(new byte[0]))
        .isInstanceOf(InvalidResultException.class)
        .hasMessage("is empty; expected a JSON object");
    assertThatThrownBy(() -> CODEC.decode(utf8("  \n")))
        .isInstanceOf(InvalidResultException.class)
        .hasMessage("expected a JSON object but was nothing");
  }

  @Test
  void data_after_the_object_is_rejected() {
    assertThatThrownBy(() -> CODEC.decode(utf8(json() + " {}")))
        .isInstanceOf(InvalidResultException.class)
        .hasMessage("has an object after the JSON object at byte offset " + (json().length() + 1));
    assertThatThrownBy(() -> CODEC.decode(utf8(json() + "x")))
        .isInstanceOf(InvalidResultException.class)
        .hasMessageStartingWith("is not valid JSON at byte offset ")
        .hasMessageContaining("Unrecognized token 'x'");
    assertThat(CODEC.decode(utf8(json() + " \n")).invocationId()).isEqualTo("inv-1");
  }

  @Test
  void invalid_utf8_is_rejected_with_its_byte_offset() {
    byte[] ascii = utf8("{\"version\":\"v1\",\"error\":\"caf\u00e9 ??\"}");
    int offset = ascii.length - 4;
    byte[][] cases = {
      {(byte) 0xC3, (byte) 0x28}, // a lead byte without continuation
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xED, (byte) 0xA0}, // encoded surrogate
      {(byte) 0xFF, (byte) 0x3F}
    };
    for (byte[] bad : cases) {
      byte[] message = ascii.clone();
      message[offset] = bad[0];
      message[offset + 1] = bad[1];
      assertThatThrownBy(() -> CODEC.decode(message))
          .isInstanceOfSatisfying(InvalidResultException.class, e -> assertThat(e.field()).isNull())
          .hasMessageStartingWith(
              String.format("is not valid UTF-8: malformed byte sequence 0x%02X", bad[0] & 0xFF))
          .hasMessageEndingWith("at byte offset " + offset);
    }
    byte[] truncated = utf8("{\"a\":\"\u00e9");
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 1);
    assertThatThrownBy(() -> CODEC.decode(cut))
        .hasMessageStartingWith("is not valid UTF-8")
        .hasMessageEndingWith("at byte offset " + (cut.length - 1));
  }

  @Test
  void a_byte_order_mark_is_rejected() {
    byte[] json = utf8(json());
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);

    assertThatThrownBy(() -> CODEC.decode(withBom)).hasMessageContaining("byte order mark");
  }

  @Test
  void the_version_is_required_and_must_be_v1() {
    fields.put("version", "\"v2\"");
    assertRejected("version").hasMessage("version: expected \"v1\" but was \"v2\"");

    fields.put("version", "1");
    assertRejected("version").hasMessage("version: expected a string but was a number");

    fields.remove("version");
    assertRejected("version").hasMessage("version: is required; expected \"v1\"");
  }

  @Test
  void ids_are_required_and_not_blank() {
    fields.remove("invocationID");
    assertRejected("invocationID").hasMessage("invocationID: is required");

    fields.put("invocationID", "\"  \"");
    assertRejected("invocationID").hasMessage("invocationID: must not be blank");

    fields.put("invocationID", "\"inv-1\"");
    fields.put("serverlessRequestID", "\"\"");
    assertRejected("serverlessRequestID").hasMessage("serverlessRequestID: must not be blank");

    fields.remove("serverlessRequestID");
    assertRejected("serverlessRequestID").hasMessage("serverlessRequestID: is required");
  }

  @Test
  void ids_longer_than_256_utf8_bytes_are_rejected() {
    fields.put("invocationID", quote("i".repeat(256)));
    assertThat(decode().invocationId()).hasSize(256);

    fields.put("invocationID", quote("\u00e9".repeat(129)));
    assertRejected("invocationID").hasMessage("invocationID: is 258 bytes long, the limit is 256");
  }

  @Test
  void ids_with_control_characters_are_rejected() {
    fields.put("invocationID", "\"inv-\\u0001\"");
    assertRejected("invocationID")
        .hasMessage("invocationID: must not contain control characters, but has U+0001 at index 4");

    fields.put("invocationID", "\"inv-1\"");
    fields.put("serverlessRequestID", "\"sd.webui\"");
    assertRejected("serverlessRequestID")
        .hasMessageContaining("'.'")
        .hasMessageEndingWith("index 2");
  }

  @Test
  void ids_of_the_wrong_type_are_rejected() {
    fields.put("invocationID", "42");
    assertRejected("invocationID").hasMessage("invocationID: expected a string but was a number");

    fields.put("invocationID", "{\"id\":1}");
    assertRejected("invocationID").hasMessage("invocationID: expected a string but was an object");
  }

  @Test
  void the_mode_must_be_sync_or_async() {
    fields.put("mode", "\"batch\"");
    assertRejected("mode").hasMessage("mode: expected \"sync\" or \"async\" but was \"batch\"");

    fields.put("mode", "\"SYNC\"");
    assertRejected("mode");

    fields.remove("mode");
    assertRejected("mode").hasMessage("mode: is required; expected \"sync\" or \"async\"");
  }

  @Test
  void the_state_must_be_a_contract_state() {
    fields.put("state", "\"done\"");
    assertRejected("state").hasMessageStartingWith("state: expected one of queued,");

    fields.put("state", "true");
    assertRejected("state").hasMessage("state: expected a string but was a boolean");

    fields.put("state", "\"dead_lettered\"");
    assertThat(decode().state()).isEqualTo(InvocationState.DEAD_LETTERED);
  }

  @Test
  void the_status_code_must_be_an_int() {
    fields.put("statusCode", "\"200\"");
    assertRejected("statusCode").hasMessage("statusCode: expected an integer but was a string");

    fields.put("statusCode", "200.0");
    assertRejected("statusCode").hasMessage("statusCode: expected an integer but was 200.0");

    fields.put("statusCode", "3000000000");
    assertRejected("statusCode")
        .hasMessage("statusCode: expected an integer in int range but was 3000000000");

    fields.put("statusCode", "-1");
    assertThat(decode().statusCode()).isEqualTo(-1);
  }

  @Test
  void headers_must_be_an_object_of_strings() {
    fields.put("headers", "[\"x\"]");
    assertRejected("headers").hasMessage("headers: expected an object of strings but was an array");

    fields.put("headers", "{\"x-seed\":42}");
    assertRejected("headers")
        .hasMessage("headers: expected a string for header \"x-seed\" but was a number");
  }

  @Test
  void optional_strings_of_the_wrong_type_are_rejected() {
    for (String field :
        new String[] {
          "failureClass", "replySubject", "workerName", "workerNamespace", "contentType", "error"
        }) {
      fields.put(field, "[]");
      assertRejected(field).hasMessage(field + ": expected a string but was an array");
      fields.put(field, "\"ok\"");
    }
    assertThat(decode().contentType()).isEqualTo("ok");
  }

  private InvocationResult decode() {
    return CODEC.decode(utf8(json()));
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String field) {
    return assertThatThrownBy(this::decode)
        .isInstanceOfSatisfying(
            InvalidResultException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private String json() {
    StringJoiner json = new StringJoiner(",", "{", "}");
    fields.forEach((name, value) -> json.add(quote(name) + ":" + value));
    return json.toString();
  }

  static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
