package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimingTest {
  private static final Instant NOW = Instant.parse("2026-07-13T09:41:16.123456789Z");
  private final Timing week = new Timing(Duration.ofDays(7));

  @Test
  void the_ttl_is_what_is_left_of_the_retention_counted_from_completion() {
    assertThat(week.ttlSeconds(NOW, NOW)).isEqualTo(7 * 24 * 3600);
    assertThat(week.ttlSeconds(NOW.minus(Duration.ofDays(1)), NOW)).isEqualTo(6 * 24 * 3600);
  }

  @Test
  void a_partial_second_left_rounds_up() {
    assertThat(week.ttlSeconds(NOW.minus(Duration.ofDays(7)).plusMillis(1), NOW)).isEqualTo(1);
    assertThat(week.ttlSeconds(NOW.minusMillis(1500), NOW)).isEqualTo(7 * 24 * 3600 - 1);
  }

  @Test
  void a_result_at_or_past_its_retention_is_expired() {
    assertThat(week.ttlSeconds(NOW.minus(Duration.ofDays(7)), NOW)).isEqualTo(Timing.EXPIRED);
    assertThat(week.ttlSeconds(NOW.minus(Duration.ofDays(30)), NOW)).isEqualTo(Timing.EXPIRED);
  }

  @Test
  void a_completion_in_the_future_is_capped_at_twenty_years() {
    Timing long20 = new Timing(Duration.ofSeconds(630_720_000L));

    assertThat(long20.ttlSeconds(NOW.plus(Duration.ofDays(3)), NOW)).isEqualTo(630_720_000);
    assertThat(week.ttlSeconds(Instant.MAX, NOW)).isEqualTo(630_720_000);
    assertThat(week.ttlSeconds(Instant.MIN, NOW)).isEqualTo(Timing.EXPIRED);
  }

  @Test
  void a_retention_of_zero_means_no_ttl_and_nothing_expires() {
    Timing forever = new Timing(Duration.ZERO);

    assertThat(forever.ttlSeconds(Instant.parse("1990-01-01T00:00:00Z"), NOW))
        .isEqualTo(Timing.NO_TTL);
    assertThat(forever.oldestLive(NOW)).isEqualTo(Instant.MIN);
  }

  @Test
  void the_oldest_live_completion_is_the_retention_ago_with_two_seconds_to_spare() {
    assertThat(week.oldestLive(NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)).minusSeconds(2));
  }

  @Test
  void the_write_timestamp_is_the_completion_in_microseconds() {
    assertThat(Timing.writeTimestamp(NOW)).isEqualTo(NOW.getEpochSecond() * 1_000_000 + 123_456);
    assertThat(Timing.writeTimestamp(Instant.parse("1969-12-31T23:59:59.999999Z"))).isEqualTo(-1);
    assertThatThrownBy(() -> Timing.writeTimestamp(Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write timestamp");
  }

  @Test
  void epoch_nanos_round_trip_and_are_null_out_of_range() {
    Instant before1970 = Instant.parse("1969-07-20T20:17:40.000000001Z");

    assertThat(Timing.fromEpochNanos(Timing.epochNanos(NOW))).isEqualTo(NOW);
    assertThat(Timing.fromEpochNanos(Timing.epochNanos(before1970))).isEqualTo(before1970);
    assertThat(Timing.epochNanos(Instant.parse("2300-01-01T00:00:00Z"))).isNull();
  }
}
