package dev.resultstore.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The half-open interval [{@code from}, {@code to}) of {@code completedAt} times a query covers.
 *
 * @throws IllegalArgumentException when {@code from} is not before {@code to}
 */
public record TimeWindow(Instant from, Instant to) {

  public TimeWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "a time window needs from before to, but from=" + from + " and to=" + to);
    }
  }

  /** The window that ends now (exclusive) and started {@code length} ago. */
  public static TimeWindow last(Duration length, Clock clock) {
    Instant now = clock.instant();
    return new TimeWindow(now.minus(length), now);
  }

  /** Whether {@code instant} lies in this window. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }
}
