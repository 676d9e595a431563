package dev.resultstore.nats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the processing failures of each message (by stream sequence), so that {@code maxDeliver}
 * and {@code backoff} apply to real failures only: a redelivery after a restart, a drain or a
 * missed ack deadline is not a failure. Bounded: the counts of the least recently failed messages
 * are forgotten first (a forgotten message gets its budget again, so it can only be retried more,
 * never lost). A message redelivered to another instance starts that instance's count at zero.
 * Thread-safe.
 */
final class RetryBudget {
  /** How many messages' counts are remembered. */
  static final int REMEMBERED = 10_000;

  private final Map<Long, Integer> failures =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * Counts one more failure of the message at {@code streamSequence}.
   *
   * @return its failures so far, this one included
   */
  synchronized int failed(long streamSequence) {
    return failures.merge(streamSequence, 1, Integer::sum);
  }

  /** Forgets the message at {@code streamSequence}: it was settled for good. */
  synchronized void forget(long streamSequence) {
    failures.remove(streamSequence);
  }

  /** The failures counted for the message at {@code streamSequence}. */
  synchronized int failures(long streamSequence) {
    return failures.getOrDefault(streamSequence, 0);
  }
}
