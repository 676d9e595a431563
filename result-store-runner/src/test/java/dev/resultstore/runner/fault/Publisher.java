package dev.resultstore.runner.fault;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Publishes result messages to JetStream as the Go runtime does (subject {@code
 * <prefix>.result.<requestID>}, header {@code Nats-Msg-Id}) and waits for every publish
 * acknowledgement. A publish that fails (the server restarts, say) is sent again with the same
 * message id until it is acknowledged, so the stream holds every message exactly once.
 */
final class Publisher implements AutoCloseable {
  /** One message: {@code messageId} {@code null} publishes without a message id. */
  record Outgoing(String subject, String messageId, byte[] data) {}

  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  private final Connection connection;
  private final JetStream jetStream;

  private Publisher(Connection connection) throws IOException {
    this.connection = connection;
    this.jetStream =
        connection.jetStream(
            JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build());
  }

  /** Connects to {@code url}, with TLS when {@code tls} is not {@code null}. */
  static Publisher connect(String url, SSLContext tls) throws IOException, InterruptedException {
    Options.Builder options =
        Options.builder()
            .server(url)
            .connectionName("fault-suite-publisher")
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(250))
            .connectionTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      options.sslContext(tls);
    }
    return new Publisher(Nats.connect(options.build()));
  }

  /** The connection, for stream and consumer checks. */
  Connection connection() {
    return connection;
  }

  /**
   * Publishes {@code messages} in order, at most {@code perSecond} a second (0: as fast as the
   * server acknowledges, with up to 1000 unacknowledged); returns the stream sequence of each.
   */
  long[] publish(List<Outgoing> messages, int perSecond) throws InterruptedException {
    long[] sequences = new long[messages.size()];
    ArrayDeque<Integer> pending = new ArrayDeque<>();
    CompletableFuture<?>[] futures = new CompletableFuture<?>[messages.size()];
    long start = System.nanoTime();
    for (int i = 0; i < messages.size(); i++) {
      if (perSecond > 0) {
        long due = start + TimeUnit.SECONDS.toNanos(1) * i / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      futures[i] = send(messages.get(i));
      pending.add(i);
      while (pending.size() >= 1000 || (!pending.isEmpty() && futures[pending.peek()].isDone())) {
        int oldest = pending.poll();
        sequences[oldest] = settle(messages.get(oldest), futures[oldest]);
      }
    }
    while (!pending.isEmpty()) {
      int oldest = pending.poll();
      sequences[oldest] = settle(messages.get(oldest), futures[oldest]);
    }
    return sequences;
  }

  private CompletableFuture<PublishAck> send(Outgoing message) {
    PublishOptions.Builder options = PublishOptions.builder();
    if (message.messageId() != null) {
      options.messageId(message.messageId());
    }
    try {
      return jetStream.publishAsync(message.subject(), message.data(), options.build());
    } catch (RuntimeException e) { // e.g. the connection is reconnecting
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The acknowledged sequence, publishing again (same message id) until it is acknowledged. */
  private long settle(Outgoing message, CompletableFuture<?> first) throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    CompletableFuture<?> attempt = first;
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        PublishAck ack = (PublishAck) attempt.get(15, TimeUnit.SECONDS);
        return ack.getSeqno();
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        Thread.sleep(250);
        attempt = send(message);
      }
    }
    throw new AssertionError(
        "could not publish to " + message.subject() + " within " + GIVE_UP, last);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
