package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentiles_of_one_to_a_hundred_are_the_nearest_ranks() {
    long[] sorted = LongStream.rangeClosed(1, 100).toArray();

    assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
    assertThat(Latencies.percentile(sorted, 95)).isEqualTo(95);
    assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
    assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
  }

  @Test
  void a_percentile_between_ranks_takes_the_next_higher_value() {
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1_000};

    assertThat(Latencies.percentile(sorted, 95)).isEqualTo(1_000);
    assertThat(Latencies.percentile(sorted, 51)).isEqualTo(60);
    assertThat(Latencies.percentile(sorted, 0.1)).isEqualTo(10);
  }

  @Test
  void one_value_is_every_percentile() {
    assertThat(Latencies.percentile(new long[] {7}, 1)).isEqualTo(7);
    assertThat(Latencies.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void summarize_sorts_a_copy_and_reports_milliseconds() {
    long[] nanos = new long[200];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (200L - i) * 1_000_000L;
    }
    long[] before = nanos.clone();

    Latencies.Summary summary = Latencies.summarize(nanos);

    assertThat(nanos).containsExactly(before);
    assertThat(summary.count()).isEqualTo(200);
    assertThat(summary.p50Ms()).isEqualTo(100.0);
    assertThat(summary.p95Ms()).isEqualTo(190.0);
    assertThat(summary.p99Ms()).isEqualTo(198.0);
    assertThat(summary.maxMs()).isEqualTo(200.0);
    assertThat(summary.meanMs()).isCloseTo(100.5, within(1e-9));
  }

  @Test
  void nothing_to_summarize_and_a_percent_out_of_range_are_refused() {
    assertThatThrownBy(() -> Latencies.summarize(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 100.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
