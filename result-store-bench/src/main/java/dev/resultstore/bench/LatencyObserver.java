package dev.resultstore.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Watches, on core NATS, what becomes of the results one publisher sends to a fresh stream, in
 * constant memory:
 *
 * <ul>
 *   <li><b>stored</b>: the commit notification the source publishes after each write ({@code
 *       <prefix>.stored.<requestID>}); its {@code committedAt} minus its {@code completedAt}, which
 *       the publisher set to its clock right before the publish;
 *   <li><b>acked</b>: each ack the consumer sends, as the NATS server routes it ({@code
 *       $JS.ACK.<stream>.<consumer>.<delivered>.<streamSeq>...}); the time it arrives here minus
 *       the publish time of that stream sequence, kept for the last {@value #WINDOW} publishes.
 * </ul>
 *
 * The stream sequence of event {@code i} is {@code i + 1}: the stream is fresh and one publisher
 * sends to it in order.
 */
final class LatencyObserver implements AutoCloseable {
  /** Publish times kept: acks of older events (far more than are ever in flight) are not timed. */
  static final int WINDOW = 1 << 16;

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);

  private final Connection connection;
  private final Dispatcher dispatcher;
  private final AtomicLongArray publishedAt = new AtomicLongArray(WINDOW);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong untimed = new AtomicLong();
  private final LatencyHistogram stored = new LatencyHistogram();
  private final LatencyHistogram acked = new LatencyHistogram();

  private LatencyObserver(Connection connection, String prefix, String stream, String consumer) {
    this.connection = connection;
    this.dispatcher = connection.createDispatcher();
    dispatcher.subscribe(prefix + ".stored.*", this::onStored);
    dispatcher.subscribe("$JS.ACK." + stream + "." + consumer + ".>", this::onAck);
  }

  /** Subscribes, and waits until the server has the subscriptions. */
  static LatencyObserver start(
      Connection connection, String prefix, String stream, String consumer) {
    LatencyObserver observer = new LatencyObserver(connection, prefix, stream, consumer);
    try {
      connection.flush(Duration.ofSeconds(10));
    } catch (TimeoutException | InterruptedException e) {
      observer.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new BenchException("cannot subscribe to the notifications: " + e, e);
    }
    return observer;
  }

  /** Event {@code index} is published now, at {@code epochMicros}; call in index order. */
  void publishing(long index, long epochMicros) {
    publishedAt.set((int) (index % WINDOW), epochMicros);
    published.set(index + 1);
  }

  LatencyHistogram stored() {
    return stored;
  }

  LatencyHistogram acked() {
    return acked;
  }

  /**
   * Notifications and acks that could not be timed (unreadable, or too old to be in the window).
   */
  long untimed() {
    return untimed.get();
  }

  private void onStored(Message message) {
    long micros = storedMicros(message.getData());
    if (micros == Long.MIN_VALUE) {
      untimed.incrementAndGet();
    } else {
      stored.record(micros);
    }
  }

  private void onAck(Message message) {
    if (!isAck(message.getData())) {
      return; // a nak, a term or a progress report
    }
    long now = epochMicros(Instant.now());
    long index = streamSequence(message.getSubject()) - 1;
    long sent = published.get();
    if (index < 0 || index >= sent || sent - index > WINDOW) {
      untimed.incrementAndGet();
      return;
    }
    acked.record(now - publishedAt.get((int) (index % WINDOW)));
  }

  /**
   * {@code committedAt - completedAt} of a commit notification in microseconds; {@link
   * Long#MIN_VALUE} when it has not both.
   */
  static long storedMicros(byte[] payload) {
    Instant completed = null;
    Instant committed = null;
    try (JsonParser json = JSON.createParser(payload)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return Long.MIN_VALUE;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (value == JsonToken.VALUE_STRING && name.equals("completedAt")) {
          completed = Instant.parse(json.getText());
        } else if (value == JsonToken.VALUE_STRING && name.equals("committedAt")) {
          committed = Instant.parse(json.getText());
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException | DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
    if (completed == null || committed == null) {
      return Long.MIN_VALUE;
    }
    return epochMicros(committed) - epochMicros(completed);
  }

  /**
   * The stream sequence in an ack's subject {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream
   * sequence>.<consumer sequence>.<timestamp>.<pending>}; -1 for any other subject.
   */
  static long streamSequence(String subject) {
    String[] tokens = subject.split("\\.");
    if (tokens.length != 9 || !tokens[0].equals("$JS") || !tokens[1].equals("ACK")) {
      return -1;
    }
    try {
      return Long.parseLong(tokens[5]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static boolean isAck(byte[] data) {
    if (data == null || data.length < ACK.length) {
      return false;
    }
    for (int i = 0; i < ACK.length; i++) {
      if (data[i] != ACK[i]) {
        return false;
      }
    }
    return data.length == ACK.length || data[ACK.length] == ' ';
  }

  static long epochMicros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  @Override
  public void close() {
    connection.closeDispatcher(dispatcher);
  }
}
