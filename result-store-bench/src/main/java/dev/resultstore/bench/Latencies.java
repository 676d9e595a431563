package dev.resultstore.bench;

import java.util.Arrays;

/** Percentiles of measured latencies, by the nearest-rank method on a sorted copy. */
final class Latencies {
  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private Latencies() {}

  /**
   * The summary of {@code nanos} (not modified).
   *
   * @throws IllegalArgumentException when {@code nanos} is empty
   */
  static Summary summarize(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no latencies to summarize");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long value : sorted) {
      sum += value;
    }
    return new Summary(
        sorted.length,
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 95)),
        millis(percentile(sorted, 99)),
        millis(sorted[sorted.length - 1]),
        sum / sorted.length / NANOS_PER_MILLI);
  }

  /**
   * The {@code percent} percentile of {@code sorted} (ascending, not empty) by nearest rank: the
   * smallest value with at least {@code percent}% of the values at or below it.
   */
  static long percentile(long[] sorted, double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static double millis(long nanos) {
    return nanos / NANOS_PER_MILLI;
  }

  /**
   * Latency percentiles in milliseconds.
   *
   * @param count how many latencies were measured
   */
  record Summary(
      int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {}
}
