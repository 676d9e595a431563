package dev.resultstore.nats;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.testing.TestResults;
import dev.resultstore.core.testing.TestServices;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A private corner of a real NATS server for one test: a unique subject prefix ({@code
 * it.<random>}), stream ({@code IT_<RANDOM>}) and consumer name, a connection for publishing and
 * inspecting, and the stream deleted on {@link #close()}.
 */
final class TestNats implements AutoCloseable {
  private static final ResultCodec CODEC = ResultCodec.create();

  final String url;
  final String prefix;
  final String stream;
  final String consumer;
  final Connection connection;
  final JetStream jetStream;
  final JetStreamManagement management;

  private TestNats(String url) {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.url = url;
    this.prefix = "it." + random;
    this.stream = "IT_" + random.toUpperCase(Locale.ROOT);
    this.consumer = "rs-" + random;
    try {
      this.connection =
          Nats.connect(
              new Options.Builder()
                  .server(url)
                  .maxReconnects(-1)
                  .reconnectWait(Duration.ofMillis(250))
                  .connectionTimeout(Duration.ofSeconds(5))
                  .build());
      this.jetStream = connection.jetStream();
      this.management = connection.jetStreamManagement();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** On the shared server of {@link TestServices}. */
  static TestNats shared() {
    return new TestNats(TestServices.natsUrl());
  }

  /** On the server at {@code url}. */
  static TestNats at(String url) {
    return new TestNats(url);
  }

  /** Settings for this corner, tuned so that tests run fast: short ack wait and back-off. */
  NatsSourceConfig.Builder config() {
    return NatsSourceConfig.builder()
        .servers(List.of(url))
        .subjectPrefix(prefix)
        .streamName(stream)
        .consumerName(consumer)
        .streamMaxAge(Duration.ofHours(1))
        .duplicatesWindow(Duration.ofMinutes(2))
        .ackWait(Duration.ofSeconds(2))
        .maxDeliver(3)
        .backoff(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)))
        .maxAckPending(256)
        .fetchBatchSize(32)
        .maxInFlight(64)
        .drainTimeout(Duration.ofSeconds(10))
        .connectTimeout(Duration.ofSeconds(2))
        .outageBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  /** Creates the stream as the source would (so that publishing works before it starts). */
  void createStream(NatsSourceConfig config) throws IOException, JetStreamApiException {
    management.addStream(StreamSetup.desired(config));
  }

  /** A valid v1 event of a new invocation of {@code requestId}, completed now. */
  static InvocationResult result(String requestId) {
    return TestResults.result(requestId, Instant.now()).build();
  }

  /** The v1 event of {@code result}, as the Go side encodes it. */
  static byte[] event(InvocationResult result) {
    return CODEC.encode(result);
  }

  /** Publishes {@code result} as the Go side does (subject, message id) and waits for the ack. */
  void publish(InvocationResult result) throws IOException, JetStreamApiException {
    publish(
        result.serverlessRequestId(),
        event(result),
        EventPublisher.resultMessageId(result.invocationId()));
  }

  /** Publishes raw bytes on {@code <prefix>.result.<token>} and waits for the publish ack. */
  void publish(String token, byte[] payload, String messageId)
      throws IOException, JetStreamApiException {
    PublishOptions options =
        messageId == null
            ? PublishOptions.builder().build()
            : PublishOptions.builder().messageId(messageId).build();
    jetStream.publish(prefix + ".result." + token, new Headers(), payload, options);
  }

  /** Every dead letter in the stream, read with an ephemeral consumer. */
  List<Message> deadLetters() throws IOException, JetStreamApiException {
    JetStreamSubscription subscription =
        jetStream.subscribe(
            prefix + ".dlq.result.*", PullSubscribeOptions.builder().stream(stream).build());
    try {
      List<Message> letters = new ArrayList<>();
      while (true) {
        List<Message> batch = subscription.fetch(100, Duration.ofMillis(500));
        if (batch.isEmpty()) {
          return letters;
        }
        letters.addAll(batch);
      }
    } finally {
      subscription.unsubscribe();
    }
  }

  /** The consumer as the server sees it now. */
  ConsumerInfo consumerInfo() throws IOException, JetStreamApiException {
    return management.getConsumerInfo(stream, consumer);
  }

  /** The stream's configuration as the server reports it. */
  StreamConfiguration streamConfiguration() throws IOException, JetStreamApiException {
    return management.getStreamInfo(stream).getConfiguration();
  }

  @Override
  public void close() {
    try {
      management.deleteStream(stream);
    } catch (JetStreamApiException | IOException | RuntimeException e) {
      // already gone, or the server is not there any more
    } finally {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
