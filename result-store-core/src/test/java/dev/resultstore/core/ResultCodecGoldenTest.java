package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared contract's samples (copied into {@code src/test/resources/contract-samples}) decode to
 * the values the contract defines and re-encode exactly.
 */
class ResultCodecGoldenTest {
  private static final Instant NOW = Instant.parse("2026-07-13T12:00:00.5Z");
  private static final ResultCodec CODEC = ResultCodec.withClock(Clock.fixed(NOW, ZoneOffset.UTC));

  @ParameterizedTest
  @ValueSource(
      strings = {"succeeded-sync.json", "failed-async-no-state.json", "timeout-async.json"})
  void every_valid_sample_survives_a_round_trip(String sample) {
    byte[] original = sample(sample);
    InvocationResult decoded = CODEC.decode(original);

    byte[] encoded = CODEC.encode(decoded);
    InvocationResult again = CODEC.decode(encoded);

    assertThat(again).isEqualTo(decoded);
    if (decoded.body() != null) {
      assertThat(new String(encoded, StandardCharsets.UTF_8))
          .contains("\"body\":" + decoded.body() + ",");
    }
    assertThat(CODEC.encode(again)).isEqualTo(encoded);
  }

  @Test
  void a_sample_with_every_field_set_re_encodes_byte_for_byte() {
    byte[] original = sample("succeeded-sync.json");

    byte[] encoded = CODEC.encode(CODEC.decode(original));

    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo(new String(original, StandardCharsets.UTF_8).strip());
  }

  @Test
  void succeeded_sync_decodes_every_field() {
    InvocationResult result = CODEC.decode(sample("succeeded-sync.json"));

    assertThat(result.invocationId()).isEqualTo("inv-5f0c2a9e4b7d41c3a1e8d2f6b9c07a13");
    assertThat(result.serverlessRequestId()).isEqualTo("sd-webui");
    assertThat(result.mode()).isEqualTo(InvocationMode.SYNC);
    assertThat(result.state()).isEqualTo(InvocationState.SUCCEEDED);
    assertThat(result.failureClass()).isNull();
    assertThat(result.replySubject()).isEqualTo("_INBOX.sync.inv-5f0c2a9e4b7d41c3a1e8d2f6b9c07a13");
    assertThat(result.workerName()).isEqualTo("unit-sd-webui-a");
    assertThat(result.workerNamespace()).isEqualTo("runtime-workers");
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("application/json");
    assertThat(result.headers()).isEqualTo(Map.of("x-model", "sdxl-1.0", "x-seed", "42"));
    assertThat(result.body())
        .isEqualTo(RawJson.of("{\"images\":[\"aGVsbG8=\"],\"elapsedMs\":812}"));
    assertThat(result.error()).isNull();
    assertThat(result.startedAt()).isEqualTo(Instant.parse("2026-07-13T09:41:15.311204871Z"));
    assertThat(result.completedAt()).isEqualTo(Instant.parse("2026-07-13T09:41:16.123456789Z"));
    assertThat(result.storedAt()).isEqualTo(NOW);
  }

  @Test
  void failed_async_without_state_derives_failed_and_uses_completed_at_as_start() {
    InvocationResult result = CODEC.decode(sample("failed-async-no-state.json"));

    assertThat(result.state()).isEqualTo(InvocationState.FAILED);
    assertThat(result.mode()).isEqualTo(InvocationMode.ASYNC);
    assertThat(result.error()).isEqualTo("CUDA out of memory");
    assertThat(result.statusCode()).isEqualTo(500);
    assertThat(result.completedAt()).isEqualTo(Instant.parse("2026-07-13T14:02:00Z"));
    assertThat(result.startedAt()).isEqualTo(result.completedAt());
    assertThat(result.body()).isNull();
    assertThat(result.headers()).isEmpty();
    assertThat(new String(CODEC.encode(result), StandardCharsets.UTF_8))
        .contains("\"state\":\"failed\"")
        .contains(
            "\"startedAt\":\"2026-07-13T14:02:00Z\",\"completedAt\":\"2026-07-13T14:02:00Z\"}")
        .doesNotContain("body");
  }

  @Test
  void timeout_async_derives_expired_and_keeps_a_null_body() {
    InvocationResult result = CODEC.decode(sample("timeout-async.json"));

    assertThat(result.state()).isEqualTo(InvocationState.EXPIRED);
    assertThat(result.failureClass()).isEqualTo("framework_timeout");
    assertThat(result.body()).isNotNull();
    assertThat(result.body().toByteArray()).containsExactly('n', 'u', 'l', 'l');
    assertThat(result.bodyBytes()).isEqualTo(4);
    assertThat(result.startedAt()).isEqualTo(Instant.parse("2026-07-13T11:00:00Z"));
    assertThat(result.completedAt()).isEqualTo(Instant.parse("2026-07-13T11:05:00.000000001Z"));
    assertThat(new String(CODEC.encode(result), StandardCharsets.UTF_8))
        .contains(",\"body\":null,")
        .contains("\"completedAt\":\"2026-07-13T11:05:00.000000001Z\"");
  }

  @Test
  void the_malformed_sample_is_rejected_with_the_place_it_breaks() {
    byte[] malformed = sample("malformed.txt");

    assertThatThrownBy(() -> CODEC.decode(malformed))
        .isInstanceOfSatisfying(InvalidResultException.class, e -> assertThat(e.field()).isNull())
        .hasMessageStartingWith("is not valid JSON (in body) at byte offset " + malformed.length)
        .hasMessageContaining("end-of-input");
    assertThat(ResultCodec.peekIdentity(malformed))
        .isEqualTo(new EventIdentity("inv-broken", "sd-webui", null, null));
  }

  @Test
  void the_samples_directory_holds_exactly_the_samples_tested_here() throws IOException {
    try (InputStream listing =
        ResultCodecGoldenTest.class.getResourceAsStream("/contract-samples/")) {
      assertThat(listing).isNotNull();
      String names = new String(listing.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(Stream.of(names.split("\\R")).filter(name -> !name.isBlank()).sorted())
          .containsExactly(
              "failed-async-no-state.json",
              "malformed.txt",
              "succeeded-sync.json",
              "timeout-async.json");
    }
  }

  static byte[] sample(String name) {
    try (InputStream in =
        ResultCodecGoldenTest.class.getResourceAsStream("/contract-samples/" + name)) {
      assertThat(in).as("sample %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
