package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.testing.NatsServerProcess;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against a nats-server of the test's own, which it stops and starts again. */
class ServerRestartIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void survives_a_server_restart_mid_stream() throws Exception {
    try (NatsServerProcess server = NatsServerProcess.launch();
        TestNats nats = TestNats.at(server.url())) {
      NatsSourceConfig config = nats.config().maxInFlight(8).fetchBatchSize(8).build();
      nats.createStream(config);
      List<InvocationResult> results = publish(nats, 400);
      ScriptedSink sink = new ScriptedSink().delayed(Duration.ofMillis(40));
      CountingListener listener = new CountingListener();
      try (NatsResultSource source = NatsResultSource.create(config, sink, listener)) {
        source.start();
        await().atMost(PATIENCE).until(() -> sink.stored() >= 100);

        server.stop();

        await().atMost(PATIENCE).until(() -> !source.isReady());
        assertThat(sink.stored()).isLessThan(results.size());
        Thread.sleep(1_000);
        server.start();
        results.addAll(publish(nats, 100));

        await().atMost(PATIENCE).until(() -> sink.stored() == results.size());
        assertThat(results).allSatisfy(r -> assertThat(sink.get(r.invocationId())).isPresent());
        await().atMost(PATIENCE).until(source::isReady);
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
        assertThat(listener.deadLettered).isEmpty();
        assertThat(nats.deadLetters()).isEmpty();
      }
    }
  }

  @Test
  void start_fails_clearly_when_nats_refuses_the_credentials() throws Exception {
    try (NatsServerProcess server =
        NatsServerProcess.launch("--user", "result-store", "--pass", "right-password")) {
      String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      NatsSourceConfig.Builder config =
          NatsSourceConfig.builder()
              .servers(List.of(server.url()))
              .subjectPrefix("auth." + random)
              .streamName("AUTH_" + random)
              .connectTimeout(Duration.ofSeconds(2))
              .username("result-store");
      NatsResultSource refused =
          NatsResultSource.create(
              config.password("wrong-password").build(), new ScriptedSink(), null);

      assertThatThrownBy(refused::start)
          .isInstanceOfSatisfying(
              NatsSourceException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("NATS at [" + server.url() + "] refused our credentials");
      refused.close();

      try (NatsResultSource accepted =
          NatsResultSource.create(
              config.password("right-password").build(), new ScriptedSink(), null)) {
        accepted.start();
        assertThat(accepted.isReady()).isTrue();
      }
    }
  }

  /** Publishes, retrying while the publisher's connection is still reconnecting. */
  private static List<InvocationResult> publish(TestNats nats, int count) throws Exception {
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InvocationResult result = TestNats.result("restart-app");
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (true) {
        try {
          nats.publish(result);
          break;
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
      results.add(result);
    }
    return results;
  }
}
