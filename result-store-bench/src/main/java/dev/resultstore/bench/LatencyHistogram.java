package dev.resultstore.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds counted in a fixed number of buckets, so that a step may record
 * millions of them in constant memory: exact below {@value #EXACT} µs, above that within 1/64
 * (1.6%) of the value, up to about 12 days. Thread-safe; percentiles by nearest rank, each reported
 * as the highest value of its bucket (never below the true value).
 */
final class LatencyHistogram {
  /** Values below this are counted exactly. */
  static final int EXACT = 128;

  private static final int HALF = EXACT / 2;
  private static final int LOG_EXACT = Integer.numberOfTrailingZeros(EXACT);
  private static final int MAX_LOG = 40;
  private static final long MAX_MICROS = (1L << MAX_LOG) - 1;

  private final AtomicLongArray counts = new AtomicLongArray(EXACT + (MAX_LOG - LOG_EXACT) * HALF);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong sum = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  /** Counts one latency; a negative one (clocks) as 0, one beyond the range as the largest. */
  void record(long micros) {
    long value = Math.min(Math.max(micros, 0), MAX_MICROS);
    counts.incrementAndGet(bucket(value));
    count.incrementAndGet();
    sum.addAndGet(value);
    max.accumulateAndGet(value, Math::max);
  }

  long count() {
    return count.get();
  }

  /** The summary in milliseconds; every figure NaN when nothing was recorded. */
  Latencies.Summary summary() {
    long total = count.get();
    if (total == 0) {
      return new Latencies.Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Latencies.Summary(
        (int) Math.min(total, Integer.MAX_VALUE),
        percentile(50) / 1000.0,
        percentile(95) / 1000.0,
        percentile(99) / 1000.0,
        max.get() / 1000.0,
        sum.get() / (double) total / 1000.0);
  }

  /**
   * The smallest bucket top with at least {@code percent}% of the values at or below it, capped at
   * the largest value recorded; 0 when nothing was recorded.
   */
  long percentile(double percent) {
    long total = count.get();
    long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(highest(i), max.get());
      }
    }
    return max.get();
  }

  /** The bucket of {@code value} (0 to {@link #MAX_MICROS}). */
  static int bucket(long value) {
    if (value < EXACT) {
      return (int) value;
    }
    int log = 63 - Long.numberOfLeadingZeros(value);
    int shift = log - LOG_EXACT + 1;
    return EXACT + (log - LOG_EXACT) * HALF + (int) ((value >> shift) - HALF);
  }

  /** The highest value counted in bucket {@code index}. */
  static long highest(int index) {
    if (index < EXACT) {
      return index;
    }
    int group = (index - EXACT) / HALF;
    int sub = (index - EXACT) % HALF;
    int shift = group + 1;
    return ((long) (HALF + sub + 1) << shift) - 1;
  }
}
