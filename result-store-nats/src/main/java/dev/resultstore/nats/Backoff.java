package dev.resultstore.nats;

import java.time.Duration;

/** Exponential back-off: {@code initial}, doubling per attempt, capped at {@code max}. */
final class Backoff {
  private Backoff() {}

  /** The delay before retry number {@code attempt} (0 for the first retry). */
  static Duration delay(Duration initial, Duration max, int attempt) {
    Duration delay = initial;
    for (int i = 0; i < attempt && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
