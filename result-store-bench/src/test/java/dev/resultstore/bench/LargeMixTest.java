package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.resultstore.core.InvocationState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargeMixTest {
  private static final Instant END = Instant.parse("2026-12-04T12:00:00Z");
  private static final List<String> APPS = List.of("app-a", "app-b");

  @Test
  void the_same_seed_gives_the_same_sizes_and_ids_and_another_seed_others() {
    LargeMix one = new LargeMix(42, 1_000, APPS, END);
    LargeMix again = new LargeMix(42, 1_000, APPS, END);
    LargeMix other = new LargeMix(43, 1_000, APPS, END);

    int differ = 0;
    for (int i = 0; i < 1_000; i++) {
      assertThat(again.bodySize(i)).isEqualTo(one.bodySize(i));
      assertThat(again.invocationId(i)).isEqualTo(one.invocationId(i));
      differ += other.bodySize(i) != one.bodySize(i) ? 1 : 0;
    }
    assertThat(differ).isGreaterThan(900);
  }

  @Test
  void the_bands_have_their_shares_and_every_size_is_within_its_band() {
    LargeMix mix = new LargeMix(7, 20_000, APPS, END);
    Map<String, Integer> counts = new HashMap<>();

    for (int i = 0; i < mix.count(); i++) {
      LargeMix.Band band = mix.band(i);
      int size = mix.bodySize(i);
      assertThat(size).isBetween(band.minBytes(), band.maxBytes());
      counts.merge(band.name(), 1, Integer::sum);
    }

    assertThat(counts.get("small") / 20_000.0).isCloseTo(0.70, within(0.015));
    assertThat(counts.get("medium") / 20_000.0).isCloseTo(0.20, within(0.015));
    assertThat(counts.get("large") / 20_000.0).isCloseTo(0.10, within(0.015));
    assertThat(LargeMix.BANDS.get(2).minBytes()).isEqualTo(2 * LargeMix.MIB);
    assertThat(LargeMix.BANDS.get(2).maxBytes()).isEqualTo(8 * LargeMix.MIB);
  }

  @Test
  void a_result_has_a_succeeded_body_of_its_size() {
    LargeMix mix = new LargeMix(7, 50, APPS, END);
    for (int i = 0; i < 50; i++) {
      var result = mix.result(i);
      assertThat(result.state()).isEqualTo(InvocationState.SUCCEEDED);
      assertThat(result.bodyBytes()).isEqualTo(mix.bodySize(i));
      assertThat(result.invocationId()).isEqualTo(mix.invocationId(i));
    }
  }

  @Test
  void the_report_counts_results_and_bytes_per_band() {
    LargeMix mix = new LargeMix(9, 500, APPS, END);

    Map<String, LargeMixReport.BandCount> bands = LargeMixReport.count(mix);

    assertThat(bands).containsOnlyKeys("small", "medium", "large");
    assertThat(bands.values().stream().mapToLong(LargeMixReport.BandCount::results).sum())
        .isEqualTo(500);
    long bytes = 0;
    for (int i = 0; i < 500; i++) {
      bytes += mix.bodySize(i);
    }
    assertThat(bands.values().stream().mapToLong(LargeMixReport.BandCount::bytes).sum())
        .isEqualTo(bytes);
  }
}
