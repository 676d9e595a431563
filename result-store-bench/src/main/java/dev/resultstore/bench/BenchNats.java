package dev.resultstore.bench;

import dev.resultstore.nats.EventPublisher;
import dev.resultstore.nats.GeneratedEvents;
import dev.resultstore.nats.NatsConnections;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.nats.NatsSourceException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's own NATS connection: creates and deletes its streams, publishes the events as the Go
 * runtime does ({@code Nats-Msg-Id: result-<invocationID>}, every publish acknowledgement awaited),
 * and reads what a consumer has left. Not thread-safe.
 */
final class BenchNats implements AutoCloseable {
  /** Publish acknowledgements outstanding at most. */
  static final int PUBLISH_WINDOW = 1_024;

  private final Connection connection;
  private final JetStreamManagement management;

  private BenchNats(Connection connection) throws IOException {
    this.connection = connection;
    this.management = connection.jetStreamManagement();
  }

  /** Connects as the runner's commands do (see {@link NatsConnections}); does not reconnect. */
  static BenchNats connect(NatsSourceConfig config) {
    Connection connection = NatsConnections.connect(config, "result-store-bench");
    try {
      return new BenchNats(connection);
    } catch (IOException e) {
      NatsConnections.close(connection);
      throw new BenchException("cannot use JetStream: " + e.getMessage(), e);
    }
  }

  Connection connection() {
    return connection;
  }

  /** The server's version, e.g. {@code 2.9.10}. */
  String serverVersion() {
    return connection.getServerInfo().getVersion();
  }

  /** The largest message the server accepts. */
  long maxPayload() {
    return connection.getServerInfo().getMaxPayload();
  }

  /**
   * Creates a stream capturing {@code <prefix>.result.*} and {@code <prefix>.dlq.*.*}, with file
   * storage and limits retention as the contract's stream, kept for a day at most.
   */
  void createStream(String name, String prefix, int replicas) {
    StreamConfiguration stream =
        StreamConfiguration.builder()
            .name(name)
            .subjects(prefix + ".result.*", prefix + ".dlq.*.*")
            .retentionPolicy(RetentionPolicy.Limits)
            .storageType(StorageType.File)
            .maxAge(Duration.ofHours(24))
            .duplicateWindow(Duration.ofMinutes(2))
            .replicas(replicas)
            .build();
    try {
      management.addStream(stream);
    } catch (IOException | JetStreamApiException e) {
      throw new BenchException("cannot create stream " + name + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a stream; quietly does nothing when it is gone. */
  void deleteStream(String name) {
    try {
      management.deleteStream(name);
    } catch (IOException | JetStreamApiException e) {
      // gone already, or the connection is: nothing more to do
    }
  }

  /**
   * Publishes events {@code 0} to {@code count - 1} to {@code stream}, waiting for every
   * acknowledgement; {@code published} counts the acknowledged ones as they arrive.
   *
   * @throws BenchException when the stream refuses a message or reports a duplicate
   */
  void publish(
      String stream, String prefix, GeneratedEvents events, int count, AtomicLong published) {
    EventPublisher publisher = new EventPublisher(connection, stream, PUBLISH_WINDOW);
    try {
      for (int i = 0; i < count; i++) {
        publisher.publish(
            events.subject(prefix, i),
            EventPublisher.resultMessageId(events.invocationId(i)),
            events.json(i));
        published.set(publisher.published());
      }
      publisher.flush();
    } catch (NatsSourceException e) {
      throw new BenchException(e.getMessage(), e);
    }
    published.set(publisher.published());
    if (publisher.duplicates() > 0) {
      throw new BenchException(
          "the stream dropped a message as a duplicate: invocation ids must be unique", null);
    }
  }

  /**
   * Creates (or updates) a durable pull consumer of {@code stream} on {@code filter}, explicit
   * acks, from the first message, and binds a pull subscription to it.
   */
  JetStreamSubscription pullConsumer(String stream, String filter, String consumer) {
    try {
      management.addOrUpdateConsumer(
          stream,
          ConsumerConfiguration.builder()
              .durable(consumer)
              .filterSubject(filter)
              .ackPolicy(AckPolicy.Explicit)
              .deliverPolicy(DeliverPolicy.All)
              .ackWait(Duration.ofSeconds(30))
              .build());
      return connection.jetStream().subscribe(filter, PullSubscribeOptions.bind(stream, consumer));
    } catch (IOException | JetStreamApiException e) {
      throw new BenchException("cannot create consumer " + consumer + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits, asking every {@code poll}, until the server has every message of {@code consumer}
   * acknowledged, or {@code limit} has passed.
   */
  void awaitAcknowledged(String stream, String consumer, Duration limit, Duration poll)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (unacknowledged(stream, consumer) > 0 && System.nanoTime() <= deadline) {
      Thread.sleep(poll.toMillis());
    }
  }

  /** Messages of {@code consumer} not yet acknowledged: pending plus delivered-unacknowledged. */
  long unacknowledged(String stream, String consumer) {
    try {
      ConsumerInfo info = management.getConsumerInfo(stream, consumer);
      return info.getNumPending() + info.getNumAckPending();
    } catch (IOException | JetStreamApiException e) {
      throw new BenchException(
          "cannot read consumer " + consumer + " of stream " + stream + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    NatsConnections.close(connection);
  }
}
