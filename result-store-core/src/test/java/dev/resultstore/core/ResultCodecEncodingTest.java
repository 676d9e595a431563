package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ResultCodec#encode} writes what Go writes; {@link ResultCodec#peekIdentity}. */
class ResultCodecEncodingTest {
  private static final Instant NOW = Instant.parse("2026-07-13T12:00:00.5Z");
  private static final ResultCodec CODEC = ResultCodec.withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final Instant COMPLETED = Instant.parse("2026-07-13T09:41:16.123456789Z");

  @Test
  void every_field_is_written_in_go_struct_order() {
    InvocationResult result =
        minimal()
            .state(InvocationState.FAILED)
            .failureClass("framework_error")
            .replySubject("_INBOX.x")
            .workerName("unit-a")
            .workerNamespace("runtime-workers")
            .statusCode(0)
            .contentType("text/plain")
            .headers(Map.of("b", "2", "a", "1"))
            .body(RawJson.of("{ \"k\" : [1, 2] }"))
            .error("boom")
            .build();

    assertThat(encode(result))
        .isEqualTo(
            "{\"version\":\"v1\",\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"sd-webui\","
                + "\"mode\":\"async\",\"state\":\"failed\",\"failureClass\":\"framework_error\","
                + "\"replySubject\":\"_INBOX.x\",\"workerName\":\"unit-a\","
                + "\"workerNamespace\":\"runtime-workers\",\"statusCode\":0,"
                + "\"contentType\":\"text/plain\",\"headers\":{\"a\":\"1\",\"b\":\"2\"},"
                + "\"body\":{ \"k\" : [1, 2] },\"error\":\"boom\","
                + "\"startedAt\":\"2026-07-13T09:41:15Z\","
                + "\"completedAt\":\"2026-07-13T09:41:16.123456789Z\"}");
  }

  @Test
  void absent_fields_and_empty_headers_are_omitted_and_no_stored_at_is_written() {
    assertThat(encode(minimal().build()))
        .isEqualTo(
            "{\"version\":\"v1\",\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"sd-webui\","
                + "\"mode\":\"async\",\"state\":\"succeeded\","
                + "\"startedAt\":\"2026-07-13T09:41:15Z\","
                + "\"completedAt\":\"2026-07-13T09:41:16.123456789Z\"}");
  }

  @ParameterizedTest
  @CsvSource({
    "2026-07-13T09:41:16Z, 2026-07-13T09:41:16Z",
    "2026-07-13T09:41:16.100Z, 2026-07-13T09:41:16.1Z",
    "2026-07-13T09:41:16.000000001Z, 2026-07-13T09:41:16.000000001Z",
    "2026-07-13T09:41:16.120300Z, 2026-07-13T09:41:16.1203Z",
    "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59.5Z, 1969-12-31T23:59:59.5Z"
  })
  void timestamps_are_rfc3339_nano_in_utc(String instant, String wire) {
    String json = encode(minimal().startedAt(Instant.parse(instant)).build());

    assertThat(json).contains("\"startedAt\":\"" + wire + "\"");
  }

  @Test
  void a_timestamp_beyond_year_9999_cannot_be_encoded() {
    InvocationResult result =
        minimal().completedAt(Instant.parse("+10000-01-01T00:00:00Z")).build();

    assertThatThrownBy(() -> CODEC.encode(result))
        .isInstanceOfSatisfying(
            InvalidResultException.class, e -> assertThat(e.field()).isEqualTo("completedAt"))
        .hasMessageContaining("10000");
  }

  @Test
  void strings_are_escaped_like_go_encoding_json() {
    String error =
        "<a href=\"x\">&</a>\\ \n\r\t\b\f \u0000\u0001\u001f\u007f \u2028\u2029 \u00e9\u20ac";

    String json = encode(minimal().error(error).build());

    assertThat(json)
        .contains(
            "\"error\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\\\ \\n\\r\\t\\b\\f"
                + " \\u0000\\u0001\\u001f\u007f \\u2028\\u2029 \u00e9\u20ac\"");
  }

  @Test
  void supplementary_characters_are_utf8_and_lone_surrogates_become_replacement_escapes() {
    String error = "\uD83D\uDE00 \uD83D x \uDE00";

    byte[] json = CODEC.encode(minimal().error(error).build());

    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"error\":\"\uD83D\uDE00 \\ufffd x \\ufffd\"");
  }

  @Test
  void header_keys_are_sorted_by_utf8_bytes() {
    Map<String, String> headers =
        Map.of("b", "1", "B", "2", "a", "3", "\uFF21", "4", "\uD83D\uDE00", "5", "a-b", "6");

    String json = encode(minimal().headers(headers).build());

    assertThat(json)
        .contains(
            "\"headers\":{\"B\":\"2\",\"a\":\"3\",\"a-b\":\"6\",\"b\":\"1\",\"\uFF21\":\"4\","
                + "\"\uD83D\uDE00\":\"5\"}");
  }

  @Test
  void decoding_what_was_encoded_gives_the_same_result() {
    InvocationResult result =
        minimal()
            .state(InvocationState.DEAD_LETTERED)
            .failureClass("retry_exhausted")
            .workerName("w\u00e9 <1>")
            .statusCode(Integer.MIN_VALUE)
            .headers(Map.of("x-\u2028", "\u0001 & \"", "", "empty name"))
            .body(RawJson.of("\"\\u2028 <b>\""))
            .error("")
            .storedAt(NOW)
            .build();

    assertThat(CODEC.decode(CODEC.encode(result))).isEqualTo(result);
  }

  @Test
  void the_codec_can_be_shared_by_threads() throws Exception {
    byte[] sample = ResultCodecGoldenTest.sample("succeeded-sync.json");
    InvocationResult expected = CODEC.decode(sample);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    InvocationResult decoded = CODEC.decode(sample);
                    if (!decoded.equals(expected)
                        || !CODEC.decode(CODEC.encode(decoded)).equals(expected)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void peek_identity_reads_the_four_identifying_fields() {
    String json =
        "{\"body\":{\"invocationID\":\"nested\"},\"workerName\":\"unit-a\",\"invocationID\":\"inv-1\","
            + "\"serverlessRequestID\":\"sd-webui\",\"workerNamespace\":\"ns\",\"mode\":\"nope\"}";

    assertThat(ResultCodec.peekIdentity(utf8(json)))
        .isEqualTo(new EventIdentity("inv-1", "sd-webui", "unit-a", "ns"));
  }

  @Test
  void peek_identity_keeps_what_it_read_before_an_error() {
    String json = "{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"sd-webui\",\"body\":{";

    assertThat(ResultCodec.peekIdentity(utf8(json)))
        .isEqualTo(new EventIdentity("inv-1", "sd-webui", null, null));
    byte[] badUtf8 = utf8("{\"invocationID\":\"inv-1\",\"workerName\":\"x?\"}");
    badUtf8[badUtf8.length - 4] = (byte) 0xC3;
    assertThat(ResultCodec.peekIdentity(badUtf8).invocationId()).isEqualTo("inv-1");
  }

  @Test
  void peek_identity_of_anything_unreadable_is_unknown() {
    assertThat(ResultCodec.peekIdentity(null)).isSameAs(EventIdentity.UNKNOWN);
    assertThat(ResultCodec.peekIdentity(new byte[0])).isSameAs(EventIdentity.UNKNOWN);
    assertThat(ResultCodec.peekIdentity(utf8("not json"))).isSameAs(EventIdentity.UNKNOWN);
    assertThat(ResultCodec.peekIdentity(utf8("[{\"invocationID\":\"inv-1\"}]")))
        .isSameAs(EventIdentity.UNKNOWN);
    assertThat(ResultCodec.peekIdentity(utf8("{\"invocationID\":42,\"workerName\":\"  \"}")))
        .isSameAs(EventIdentity.UNKNOWN);
    assertThat(ResultCodec.peekIdentity(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}))
        .isSameAs(EventIdentity.UNKNOWN);
  }

  private static InvocationResult.Builder minimal() {
    return InvocationResult.builder()
        .invocationId("inv-1")
        .serverlessRequestId("sd-webui")
        .mode(InvocationMode.ASYNC)
        .state(InvocationState.SUCCEEDED)
        .startedAt(Instant.parse("2026-07-13T09:41:15Z"))
        .completedAt(COMPLETED)
        .storedAt(NOW);
  }

  private static String encode(InvocationResult result) {
    return new String(CODEC.encode(result), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
