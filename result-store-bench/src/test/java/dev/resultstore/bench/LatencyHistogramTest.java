package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void small_latencies_are_counted_exactly() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long micros = 1; micros <= 100; micros++) {
      histogram.record(micros);
    }

    assertThat(histogram.percentile(50)).isEqualTo(50);
    assertThat(histogram.percentile(99)).isEqualTo(99);
    assertThat(histogram.percentile(100)).isEqualTo(100);
    assertThat(histogram.count()).isEqualTo(100);
  }

  @Test
  void percentiles_are_never_below_the_exact_ones_and_within_two_percent_above() {
    SplittableRandom random = new SplittableRandom(18);
    long[] values = new long[100_000];
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(random.nextDouble(0, Math.log(60_000_000)));
      histogram.record(values[i]);
    }
    Arrays.sort(values);

    for (double percent : new double[] {1, 50, 90, 95, 99, 99.9, 100}) {
      long exact = Latencies.percentile(values, percent);
      assertThat(histogram.percentile(percent))
          .as("p%s", percent)
          .isGreaterThanOrEqualTo(exact)
          .isLessThanOrEqualTo((long) Math.ceil(exact * 1.016));
    }
  }

  @Test
  void every_value_falls_in_a_bucket_whose_top_is_at_or_above_it_and_the_buckets_are_ordered() {
    long previousTop = -1;
    for (long value = 0;
        value < 1L << 40;
        value = value < 1_000 ? value + 1 : value * 1001 / 1000) {
      int bucket = LatencyHistogram.bucket(value);
      long top = LatencyHistogram.highest(bucket);
      assertThat(top).as("top of %s", value).isGreaterThanOrEqualTo(value);
      assertThat(top - value).as("width at %s", value).isLessThanOrEqualTo(value / 64);
      assertThat(top).isGreaterThanOrEqualTo(previousTop);
      previousTop = top;
    }
  }

  @Test
  void the_summary_is_in_milliseconds_with_the_exact_maximum_and_mean() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(2_000);
    histogram.record(4_000);
    histogram.record(-5);
    histogram.record(Long.MAX_VALUE);

    Latencies.Summary summary = histogram.summary();

    assertThat(summary.count()).isEqualTo(4);
    assertThat(summary.p50Ms()).isBetween(2.0, 2.04);
    assertThat(summary.maxMs()).isEqualTo(((1L << 40) - 1) / 1000.0);
  }

  @Test
  void nothing_recorded_summarizes_as_not_measured() {
    Latencies.Summary summary = new LatencyHistogram().summary();

    assertThat(summary.count()).isZero();
    assertThat(summary.p99Ms()).isNaN();
  }
}
