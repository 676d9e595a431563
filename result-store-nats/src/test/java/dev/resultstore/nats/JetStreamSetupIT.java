package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JetStreamSetupIT {
  private TestNats nats;

  @BeforeEach
  void setUp() {
    nats = TestNats.shared();
  }

  @AfterEach
  void tearDown() {
    nats.close();
  }

  @Test
  void creates_a_missing_stream_with_the_contracts_settings() throws Exception {
    NatsSourceConfig config = nats.config().build();

    try (NatsResultSource source = start(config)) {
      StreamConfiguration stream = nats.streamConfiguration();
      assertThat(stream.getSubjects())
          .containsExactly(
              nats.prefix + ".invoke.*",
              nats.prefix + ".dispatch.*.*",
              nats.prefix + ".result.*",
              nats.prefix + ".metrics.*",
              nats.prefix + ".dlq.*.*");
      assertThat(stream.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
      assertThat(stream.getStorageType()).isEqualTo(StorageType.File);
      assertThat(stream.getMaxAge()).isEqualTo(Duration.ofHours(1));
      assertThat(stream.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
      assertThat(stream.getReplicas()).isEqualTo(1);
      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void leaves_the_settings_of_an_existing_stream_alone() throws Exception {
    nats.management.addStream(
        StreamConfiguration.builder()
            .name(nats.stream)
            .subjects(nats.prefix + ".>")
            .storageType(StorageType.Memory)
            .maxAge(Duration.ofMinutes(30))
            .build());

    try (NatsResultSource source = start(nats.config().build())) {
      StreamConfiguration stream = nats.streamConfiguration();
      assertThat(stream.getSubjects()).containsExactly(nats.prefix + ".>");
      assertThat(stream.getStorageType()).isEqualTo(StorageType.Memory);
      assertThat(stream.getMaxAge()).isEqualTo(Duration.ofMinutes(30));
      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void fails_clearly_when_the_existing_stream_does_not_capture_the_results() throws Exception {
    nats.management.addStream(
        StreamConfiguration.builder()
            .name(nats.stream)
            .subjects(nats.prefix + ".invoke.*")
            .storageType(StorageType.Memory)
            .build());
    NatsResultSource source =
        NatsResultSource.create(nats.config().build(), new ScriptedSink(), null);

    assertThatThrownBy(source::start)
        .isInstanceOfSatisfying(
            NatsSourceException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining(
            "Stream " + nats.stream + " exists but does not capture " + nats.prefix + ".result.*")
        .hasMessageContaining("[" + nats.prefix + ".invoke.*]");
    assertThat(nats.streamConfiguration().getSubjects()).containsExactly(nats.prefix + ".invoke.*");
    source.close();
  }

  @Test
  void creates_the_durable_pull_consumer_with_our_settings() throws Exception {
    try (NatsResultSource source = start(nats.config().maxAckPending(77).build())) {
      ConsumerConfiguration consumer = nats.consumerInfo().getConsumerConfiguration();
      assertThat(consumer.getDurable()).isEqualTo(nats.consumer);
      assertThat(consumer.getDeliverSubject()).isNull();
      assertThat(consumer.getFilterSubject()).isEqualTo(nats.prefix + ".result.*");
      assertThat(consumer.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
      // The server never gives a message up by itself; retries are the client's.
      assertThat(consumer.getMaxDeliver()).isEqualTo(-1);
      assertThat(consumer.getBackoff()).isNullOrEmpty();
      assertThat(consumer.getAckWait()).isEqualTo(Duration.ofSeconds(2));
      assertThat(consumer.getMaxAckPending()).isEqualTo(77);
      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void updates_only_the_settings_we_own_on_an_existing_consumer() throws Exception {
    NatsSourceConfig config =
        nats.config().backoff(List.of()).ackWait(Duration.ofSeconds(4)).build();
    nats.createStream(config);
    nats.management.addOrUpdateConsumer(
        nats.stream,
        ConsumerConfiguration.builder()
            .durable(nats.consumer)
            .description("kept by us")
            .filterSubject(nats.prefix + ".result.one")
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(Duration.ofSeconds(9))
            .maxDeliver(9)
            .maxAckPending(9)
            .build());

    try (NatsResultSource source = start(config)) {
      ConsumerConfiguration consumer = nats.consumerInfo().getConsumerConfiguration();
      assertThat(consumer.getDescription()).isEqualTo("kept by us");
      assertThat(consumer.getFilterSubject()).isEqualTo(nats.prefix + ".result.*");
      assertThat(consumer.getAckWait()).isEqualTo(Duration.ofSeconds(4));
      // Max deliver is left to whoever created the consumer (a Go runner may rely on it).
      assertThat(consumer.getMaxDeliver()).isEqualTo(9);
      assertThat(consumer.getMaxAckPending()).isEqualTo(256);
      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void refuses_a_push_consumer_of_the_same_name() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    nats.management.addOrUpdateConsumer(
        nats.stream,
        ConsumerConfiguration.builder()
            .durable(nats.consumer)
            .deliverSubject("deliver." + nats.consumer)
            .ackPolicy(AckPolicy.Explicit)
            .build());
    NatsResultSource source = NatsResultSource.create(config, new ScriptedSink(), null);

    assertThatThrownBy(source::start)
        .isInstanceOf(NatsSourceException.class)
        .hasMessageContaining("Consumer " + nats.consumer + " on stream " + nats.stream)
        .hasMessageContaining("is a push consumer");
    source.close();
  }

  @Test
  void fails_clearly_when_no_nats_server_answers() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    NatsResultSource source =
        NatsResultSource.create(
            nats.config()
                .servers(List.of("nats://127.0.0.1:" + port))
                .connectTimeout(Duration.ofMillis(500))
                .build(),
            new ScriptedSink(),
            null);

    assertThatThrownBy(source::start)
        .isInstanceOfSatisfying(
            NatsSourceException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("Could not connect to NATS at [nats://127.0.0.1:" + port + "]");
    assertThat(source.isReady()).isFalse();
    source.close();
  }

  private static NatsResultSource start(NatsSourceConfig config) throws IOException {
    NatsResultSource source = NatsResultSource.create(config, new ScriptedSink(), null);
    source.start();
    return source;
  }
}
