package dev.resultstore.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;

/**
 * One pull subscription of the bound consumer, as the {@link Fetcher} uses it: pull requests
 * bounded in messages and bytes, and the messages they bring, one at a time.
 */
interface PullSubscription {

  /** Asks the server for up to {@code messages} messages of at most {@code maxBytes} together. */
  void pull(int messages, long maxBytes, Duration expiresIn);

  /**
   * The next message that arrived, waiting up to {@code wait} ({@code null}: not at all).
   *
   * @return {@code null} when none arrived in time or the current pull ended
   */
  Message next(Duration wait) throws InterruptedException;

  /** The consumer's count of messages not yet delivered to any instance. */
  long consumerPending() throws IOException, JetStreamApiException;

  /** Drops the subscription; messages still waiting in it are dropped with it. */
  void close();
}
