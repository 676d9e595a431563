package dev.resultstore.nats;

import dev.resultstore.core.ResultCodec;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes result events to JetStream as the Go runtime does (subject {@code
 * <prefix>.result.<requestID>}, header {@code Nats-Msg-Id}) and waits for every publish
 * acknowledgement, with at most {@code window} unacknowledged at a time. For the tools that publish
 * (demos, replaying dead letters, the benchmark). {@link #publish} and {@link #flush} from one
 * thread; the counts may be read from any.
 */
public final class EventPublisher {
  /** The header the stream de-duplicates on. */
  static final String MESSAGE_ID = "Nats-Msg-Id";

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final JetStream jetStream;
  private final PublishOptions options;
  private final int window;
  private final Deque<CompletableFuture<PublishAck>> outstanding = new ArrayDeque<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  /**
   * @param stream the stream the subjects must belong to; a publish to another stream fails
   * @param window acknowledgements outstanding at most, at least 1
   * @throws NatsSourceException when JetStream is not available on the connection
   */
  public EventPublisher(Connection connection, String stream, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, not " + window);
    }
    try {
      this.jetStream = connection.jetStream();
    } catch (IOException e) {
      throw new NatsSourceException("JetStream is not available: " + e.getMessage(), e, false);
    }
    this.options = PublishOptions.builder().expectedStream(stream).build();
    this.window = window;
  }

  /**
   * The subject of a result event: {@code <prefix>.result.<requestId>}, with {@code unknown} for a
   * request id that is not one plain subject token (letters, digits, {@code _} and {@code -}).
   */
  public static String resultSubject(String prefix, String requestId) {
    boolean usable = requestId != null && requestId.matches("[A-Za-z0-9_-]+");
    return Subjects.resultSubject(prefix, usable ? requestId : Subjects.UNKNOWN);
  }

  /**
   * The {@code Nats-Msg-Id} of a result event, {@code result-<invocationID>}: the stream drops a
   * re-publish of the same result as a duplicate.
   */
  public static String resultMessageId(String invocationId) {
    return "result-" + invocationId;
  }

  /** The {@link #resultSubject} of the request an event names, read as far as its JSON goes. */
  public static String resultSubject(String prefix, byte[] event) {
    return resultSubject(prefix, ResultCodec.peekIdentity(event).serverlessRequestId());
  }

  /**
   * Publishes one message; blocks while {@code window} acknowledgements are outstanding.
   *
   * @param messageId the {@code Nats-Msg-Id}; {@code null} for none
   * @throws NatsSourceException when the stream refused an earlier message or did not acknowledge
   *     it in 30 s
   */
  public void publish(String subject, String messageId, byte[] data) {
    Headers headers = new Headers();
    if (messageId != null) {
      headers.put(MESSAGE_ID, messageId);
    }
    while (outstanding.size() >= window) {
      awaitOne();
    }
    outstanding.addLast(jetStream.publishAsync(subject, headers, data, options));
  }

  /**
   * Waits for every outstanding acknowledgement.
   *
   * @throws NatsSourceException as {@link #publish}
   */
  public void flush() {
    while (!outstanding.isEmpty()) {
      awaitOne();
    }
  }

  /** Messages the stream acknowledged as new. */
  public long published() {
    return published.get();
  }

  /** Messages the stream acknowledged as duplicates of an earlier message id. */
  public long duplicates() {
    return duplicates.get();
  }

  private void awaitOne() {
    CompletableFuture<PublishAck> next = outstanding.removeFirst();
    try {
      PublishAck ack = next.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (ack.isDuplicate()) {
        duplicates.incrementAndGet();
      } else {
        published.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsSourceException(
          "interrupted while waiting for a publish acknowledgement", e, true);
    } catch (ExecutionException e) {
      throw new NatsSourceException(
          "the stream refused a message: " + Failures.describe(e.getCause()), e.getCause(), false);
    } catch (TimeoutException e) {
      throw new NatsSourceException(
          "no publish acknowledgement within " + ACK_TIMEOUT.toSeconds() + "s", e, true);
    }
  }
}
