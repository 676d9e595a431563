package dev.resultstore.nats;

import java.time.Duration;

/**
 * What a {@link NatsResultSource} reports for metrics. Every method does nothing by default.
 *
 * <p>Called concurrently from the source's own threads, for {@link #stored} and {@link #expired}
 * from the thread that completed the sink's write (the store's I/O thread), and for {@link
 * #pullStatus} from the NATS client's callback thread, never from a NATS dispatcher thread:
 * implementations must be thread-safe, cheap (a counter increment, a timer record), must not block
 * and must not throw; an exception is logged and otherwise ignored.
 */
public interface SourceListener {

  /** A listener that ignores everything. */
  SourceListener NONE = new SourceListener() {};

  /** A message was fetched (a first delivery or a redelivery). */
  default void received() {}

  /**
   * A result was stored and its message acknowledged.
   *
   * @param writeLatency how long the successful {@code ResultSink.write} took
   * @param endToEndLag from the result's {@code completedAt} to the end of the write
   * @param redelivered the message had been delivered before (delivery count above 1): a duplicate,
   *     which the idempotent sink stored again without creating a second result
   */
  default void stored(Duration writeLatency, Duration endToEndLag, boolean redelivered) {}

  /** The sink reported the result already past its retention; the message was acknowledged. */
  default void expired() {}

  /**
   * A message was dead-lettered and terminated.
   *
   * @param failureClass the class, written on the wire by its {@link FailureClass#wireName()}
   */
  default void deadLettered(FailureClass failureClass) {}

  /**
   * A dead letter could not be published after repeated attempts (or not even built); its message
   * was given back to the server with a delay, to be dead-lettered again on its redelivery.
   */
  default void deadLetterFailed() {}

  /** A write after a transient store failure, or the publication of a dead letter, is retried. */
  default void transientRetry() {}

  /**
   * The source entered ({@code true}) or left ({@code false}) a store outage; while in one it
   * fetches nothing and keeps the messages it holds alive.
   */
  default void outage(boolean inOutage) {}

  /**
   * A pull request ended, or was refused, with a status of the server instead of messages. {@code
   * 408}: it expired before it was filled (every idle pull, about once a second); {@code 409}: the
   * consumer's leader changed ({@code Leadership Change}), the next message is larger than the
   * pull's {@code max_bytes}, the consumer was deleted, or a limit of the consumer was exceeded;
   * {@code 404}: no messages. The message text, which may carry numbers, is logged, not passed.
   */
  default void pullStatus(int code) {}
}
