package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Timestamps read as Go's {@code time.Parse(time.RFC3339Nano, ...)} reads them: a fraction of more
 * than nine digits is accepted and truncated to nanoseconds, never rounded; {@code get} and {@code
 * query --json} print them as Go's {@code time.RFC3339Nano} in UTC.
 */
class GoTimeGoldenTest {

  @Test
  void an_event_with_fractions_longer_than_nine_digits_re_encodes_as_the_golden_file() {
    byte[] encoded =
        ResultCodec.create().encode(ResultCodec.create().decode(file("long-fractions.json")));

    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo(new String(file("long-fractions.golden.json"), StandardCharsets.UTF_8).strip());
  }

  @ParameterizedTest
  @CsvSource({
    "2026-07-13T09:41:16.1234567891Z, 2026-07-13T09:41:16.123456789Z",
    "2026-07-13T09:41:16.9999999999Z, 2026-07-13T09:41:16.999999999Z",
    "2026-07-13T09:41:16.000000000999Z, 2026-07-13T09:41:16Z",
    "2026-07-13T09:41:16.12345678912345678912345Z, 2026-07-13T09:41:16.123456789Z",
    "2026-07-13T11:41:16.5000000009+02:00, 2026-07-13T09:41:16.5Z",
    "2026-07-13T09:41:16.1Z, 2026-07-13T09:41:16.1Z"
  })
  void a_long_fraction_is_truncated_like_go_does(String wire, String printed) {
    Instant parsed = Rfc3339.parse(wire);

    assertThat(parsed).isNotNull();
    assertThat(ResultCodec.formatTimestamp(parsed)).isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource({"2026-07-13T09:41:16.Z", "2026-07-13T09:41:16.12a3Z", "2026-07-13T09:41:16.123"})
  void a_fraction_without_digits_or_with_other_characters_is_refused_like_go_does(String wire) {
    assertThat(Rfc3339.parse(wire)).isNull();
  }

  private static byte[] file(String name) {
    try (InputStream in = GoTimeGoldenTest.class.getResourceAsStream("/go-time/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
