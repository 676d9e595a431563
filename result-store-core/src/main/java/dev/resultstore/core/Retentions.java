package dev.resultstore.core;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The retention of each state: a default, and optional overrides per state (failures kept longer
 * than successes, for example). Zero means forever.
 */
final class Retentions {
  private final Duration defaultRetention;
  private final Map<InvocationState, Duration> byState;

  Retentions(Duration defaultRetention, Map<InvocationState, Duration> byState) {
    this.defaultRetention = defaultRetention;
    this.byState = byState.isEmpty() ? Map.of() : new EnumMap<>(byState);
  }

  Duration of(InvocationState state) {
    return byState.getOrDefault(state, defaultRetention);
  }

  /** The longest retention of any state; zero when any is forever. */
  Duration longest() {
    Duration longest = defaultRetention;
    if (longest.isZero()) {
      return longest;
    }
    for (Duration retention : byState.values()) {
      if (retention.isZero()) {
        return retention;
      }
      if (retention.compareTo(longest) > 0) {
        longest = retention;
      }
    }
    return longest;
  }

  /** {@code from + retention}, saturated at {@link Instant#MAX}; {@code null} for forever. */
  static Instant end(Instant from, Duration retention) {
    if (retention.isZero()) {
      return null;
    }
    try {
      return from.plus(retention);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  /**
   * Whether something kept for {@code retention} from {@code from} is still kept at {@code now}.
   */
  static boolean isLive(Instant from, Duration retention, Instant now) {
    if (retention.isZero()) {
      return true;
    }
    // now < from + retention, written so that it cannot overflow
    return Duration.between(from, now).compareTo(retention) < 0;
  }
}
