package dev.resultstore.runner;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes messages to JetStream as the Go runtime does (with a {@code Nats-Msg-Id} header) and
 * waits for every publish acknowledgement, with at most {@value #MAX_OUTSTANDING} unacknowledged at
 * a time. Not thread-safe.
 */
final class WirePublisher implements AutoCloseable {
  /** The header the stream de-duplicates on. */
  static final String MESSAGE_ID = "Nats-Msg-Id";

  static final int MAX_OUTSTANDING = 256;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final JetStream jetStream;
  private final PublishOptions options;
  private final Deque<CompletableFuture<PublishAck>> outstanding = new ArrayDeque<>();
  private long published;
  private long duplicates;

  /**
   * @param stream the stream the subjects must belong to; a publish to another stream fails
   */
  WirePublisher(Connection connection, String stream) throws IOException {
    this.jetStream = connection.jetStream();
    this.options = PublishOptions.builder().expectedStream(stream).build();
  }

  /** Publishes one message; blocks while too many acknowledgements are outstanding. */
  void publish(String subject, String messageId, byte[] data) throws IOException {
    Headers headers = new Headers();
    if (messageId != null) {
      headers.put(MESSAGE_ID, messageId);
    }
    while (outstanding.size() >= MAX_OUTSTANDING) {
      awaitOne();
    }
    outstanding.addLast(jetStream.publishAsync(subject, headers, data, options));
  }

  /** Waits for every outstanding acknowledgement. */
  void flush() throws IOException {
    while (!outstanding.isEmpty()) {
      awaitOne();
    }
  }

  /** Messages the stream acknowledged as new. */
  long published() {
    return published;
  }

  /** Messages the stream acknowledged as duplicates of an earlier message id. */
  long duplicates() {
    return duplicates;
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void awaitOne() throws IOException {
    CompletableFuture<PublishAck> next = outstanding.removeFirst();
    try {
      PublishAck ack = next.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (ack.isDuplicate()) {
        duplicates++;
      } else {
        published++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a publish acknowledgement", e);
    } catch (ExecutionException e) {
      throw new IOException("the stream refused a message: " + Main.describe(e), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(
          "no publish acknowledgement within " + GoDuration.format(ACK_TIMEOUT), e);
    }
  }
}
