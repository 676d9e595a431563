package dev.resultstore.core;

import java.time.Instant;

/**
 * A position in {@link ResultSummary#NEWEST_FIRST} order: {@code completedAt} in milliseconds
 * descending, then invocation id ascending. The key of {@link InMemoryResultStore}'s indexes.
 */
record IndexKey(long completedAtMillis, String invocationId) implements Comparable<IndexKey> {

  static IndexKey of(InvocationResult result) {
    return new IndexKey(millis(result.completedAt()), result.invocationId());
  }

  /** Epoch milliseconds, rounded down; saturated at the ends of {@code long}. */
  static long millis(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  @Override
  public int compareTo(IndexKey other) {
    int byTime = Long.compare(other.completedAtMillis, completedAtMillis);
    return byTime != 0 ? byTime : invocationId.compareTo(other.invocationId);
  }
}
