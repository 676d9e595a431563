package dev.resultstore.cql;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The time rules of the store: write timestamps and TTLs derived from a result's {@code
 * completedAt}, and instants kept to the nanosecond in {@code bigint} columns.
 *
 * <p>Every statement of one result carries {@code USING TIMESTAMP} = {@code completedAt} in
 * microseconds and {@code USING TTL} = {@code completedAt + retention - now} in whole seconds
 * (rounded up, at most 20 years), so a redelivery rewrites identical cells, an older result never
 * overwrites a newer one, and every row of a result expires at the same moment however late it was
 * written.
 */
final class Timing {
  /** {@link #ttlSeconds} of a result that is already past its retention. */
  static final int EXPIRED = -1;

  /** {@code USING TTL 0}: the cells never expire. */
  static final int NO_TTL = 0;

  private final Duration retention;

  /**
   * @param retention the longest retention of any state: it bounds what queries look at
   */
  Timing(Duration retention) {
    this.retention = retention;
  }

  /** The longest retention of {@code config}'s states; zero when any keeps results forever. */
  static Duration longestRetention(CqlStoreConfig config) {
    Duration longest = config.retention();
    if (longest.isZero()) {
      return longest;
    }
    for (Duration retention : config.retentionByState().values()) {
      if (retention.isZero()) {
        return retention;
      }
      if (retention.compareTo(longest) > 0) {
        longest = retention;
      }
    }
    return longest;
  }

  /**
   * {@code ttl} plus {@code extra}, at most the longest TTL a server accepts; {@link #NO_TTL}
   * stays.
   */
  static int extendedTtl(int ttl, Duration extra) {
    if (ttl == NO_TTL) {
      return NO_TTL;
    }
    return (int) Math.min((long) ttl + extra.getSeconds(), ConfigChecks.MAX_TTL_SECONDS);
  }

  /**
   * The TTL of a write at {@code now} of a result completed at {@code completedAt}: {@link #NO_TTL}
   * when the retention is zero, {@link #EXPIRED} when nothing of it is left.
   */
  int ttlSeconds(Instant completedAt, Instant now) {
    return ttlSeconds(retention, completedAt, now);
  }

  /**
   * The TTL of a write at {@code now} of something kept for {@code retention} from {@code from}:
   * {@link #NO_TTL} when the retention is zero, {@link #EXPIRED} when nothing of it is left.
   */
  static int ttlSeconds(Duration retention, Instant completedAt, Instant now) {
    if (retention.isZero()) {
      return NO_TTL;
    }
    Duration left;
    try {
      left = Duration.between(now, completedAt.plus(retention));
    } catch (DateTimeException | ArithmeticException e) {
      return completedAt.isAfter(now) ? (int) ConfigChecks.MAX_TTL_SECONDS : EXPIRED;
    }
    if (left.isNegative() || left.isZero()) {
      return EXPIRED;
    }
    long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    return (int) Math.min(seconds, ConfigChecks.MAX_TTL_SECONDS);
  }

  /**
   * The earliest {@code completedAt} a stored result can have at {@code now}, with 2 seconds to
   * spare for rounding; {@link Instant#MIN} when results are kept forever.
   */
  Instant oldestLive(Instant now) {
    if (retention.isZero()) {
      return Instant.MIN;
    }
    return now.minus(retention).minusSeconds(2);
  }

  /**
   * The write timestamp of a result: its {@code completedAt} in microseconds since the epoch.
   *
   * @throws IllegalArgumentException when {@code completedAt} is beyond the range of a write
   *     timestamp (about 292 000 years from 1970)
   */
  static long writeTimestamp(Instant completedAt) {
    try {
      return Math.addExact(
          Math.multiplyExact(completedAt.getEpochSecond(), 1_000_000L),
          completedAt.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "completedAt " + completedAt + " is out of the range of a CQL write timestamp", e);
    }
  }

  /** {@code instant} in nanoseconds since the epoch, or {@code null} outside 1677..2262. */
  static Long epochNanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The instant {@code nanos} nanoseconds after the epoch. */
  static Instant fromEpochNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
