package dev.resultstore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
    "300ms, PT0.3S",
    "1.5h, PT1H30M",
    "2h45m, PT2H45M",
    "10s, PT10S",
    "72h, PT72H",
    "1m30s, PT1M30S",
    "0, PT0S",
    "-1.5s, PT-1.5S",
    "+5s, PT5S",
    ".5s, PT0.5S",
    "1.s, PT1S",
    "1h0m0.000000001s, PT1H0.000000001S"
  })
  void reads_what_go_reads(String text, String expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void reads_every_unit() {
    assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(GoDuration.parse("1us")).isEqualTo(Duration.ofNanos(1_000));
    assertThat(GoDuration.parse("1\u00b5s")).isEqualTo(Duration.ofNanos(1_000));
    assertThat(GoDuration.parse("1\u03bcs")).isEqualTo(Duration.ofNanos(1_000));
    assertThat(GoDuration.parse("2ms")).isEqualTo(Duration.ofMillis(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "1x", "s", "1.2.3s", "1 s", "-", "ms10", "1h-5m", "1e3s", "."})
  void refuses_what_go_refuses(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_more_than_go_can_hold() {
    assertThatThrownBy(() -> GoDuration.parse("2562048h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.3S, 300ms",
    "PT1H30M, 1h30m0s",
    "PT72H, 72h0m0s",
    "PT10S, 10s",
    "PT1.5S, 1.5s",
    "PT0.000001S, 1µs",
    "PT0.000000007S, 7ns"
  })
  void writes_what_go_writes(String duration, String expected) {
    assertThat(GoDuration.format(Duration.parse(duration))).isEqualTo(expected);
  }
}
