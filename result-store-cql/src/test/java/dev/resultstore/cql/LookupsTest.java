package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LookupsTest {
  private final Lookups hourly = new Lookups(Duration.ofHours(1), 16);

  @Test
  void a_bucket_starts_at_a_whole_multiple_of_its_length_since_the_epoch() {
    long at = Instant.parse("2026-07-13T09:41:16.123Z").toEpochMilli();

    assertThat(hourly.bucket(at)).isEqualTo(Instant.parse("2026-07-13T09:00:00Z"));
    assertThat(hourly.bucket(Instant.parse("2026-07-13T10:00:00Z").toEpochMilli()))
        .isEqualTo(Instant.parse("2026-07-13T10:00:00Z"));
    assertThat(hourly.bucket(-1)).isEqualTo(Instant.parse("1969-12-31T23:00:00Z"));
  }

  @Test
  void the_shard_is_stable_and_spreads_ids_evenly() {
    assertThat(hourly.shard("inv-0123456789abcdef0123456789abcdef"))
        .isEqualTo(hourly.shard("inv-0123456789abcdef0123456789abcdef"))
        .isBetween(0, 15);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 16_000; i++) {
      counts.merge(hourly.shard("inv-" + Integer.toHexString(i * 7919)), 1, Integer::sum);
    }
    assertThat(counts).hasSize(16);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(800, 1200));
  }

  @Test
  void the_shard_is_crc32_of_the_utf8_bytes_modulo_the_shard_count() {
    // CRC-32 of "a" is 0xE8B7BE43 = 3904355907; 3904355907 % 16 = 3 and % 10 = 7.
    assertThat(hourly.shard("a")).isEqualTo(3);
    assertThat(new Lookups(Duration.ofHours(1), 10).shard("a")).isEqualTo(7);
  }

  @Test
  void milliseconds_round_down_and_up() {
    Instant exact = Instant.parse("2026-07-13T09:41:16.123Z");
    Instant inside = exact.plusNanos(1);

    assertThat(Lookups.floorMillis(inside)).isEqualTo(exact.toEpochMilli());
    assertThat(Lookups.ceilMillis(inside)).isEqualTo(exact.toEpochMilli() + 1);
    assertThat(Lookups.ceilMillis(exact)).isEqualTo(exact.toEpochMilli());
  }
}
