package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resultstore.core.InMemoryResultStore;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waits fed by the source's commit notifications, and the dead-letter record, on real NATS. */
class NatsResultWaiterIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private TestNats nats;
  private InMemoryResultStore store;
  private NatsResultSource source;
  private NatsResultWaiter waiter;

  @BeforeEach
  void setUp() {
    nats = TestNats.shared();
    store = InMemoryResultStore.builder().build();
  }

  @AfterEach
  void tearDown() {
    if (waiter != null) {
      waiter.close();
    }
    if (source != null) {
      source.close();
    }
    nats.close();
  }

  private void startSource() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    source = NatsResultSource.create(config, store, SourceListener.NONE);
    source.start();
  }

  @Test
  void a_wait_completes_on_the_commit_notification_long_before_its_fallback_read()
      throws Exception {
    startSource();
    waiter =
        NatsResultWaiter.builder(nats.connection, store)
            .subjectPrefix(nats.prefix)
            .fallbackInterval(Duration.ofHours(1))
            .start();
    InvocationResult result = TestNats.result("waited-app");
    CompletionStage<Optional<ResultSummary>> waiting =
        waiter.await(result.invocationId(), Duration.ofSeconds(50));
    assertThat(waiting.toCompletableFuture()).isNotDone();

    nats.publish(result);

    assertThat(waiting.toCompletableFuture().get(55, TimeUnit.SECONDS))
        .as("completed by the notification: no fallback read within the wait")
        .contains(ResultSummary.of(result));
    assertThat(waiter.waiting()).isZero();
  }

  @Test
  void a_result_stored_without_notification_is_found_by_the_fallback_read() throws Exception {
    waiter =
        NatsResultWaiter.builder(nats.connection, store)
            .subjectPrefix(nats.prefix)
            .fallbackInterval(Duration.ofMillis(200))
            .start();
    InvocationResult result = TestNats.result("quiet-app");
    CompletionStage<Optional<ResultSummary>> waiting =
        waiter.await(result.invocationId(), Duration.ofSeconds(50));

    store.write(result);

    assertThat(waiting.toCompletableFuture().get(55, TimeUnit.SECONDS))
        .contains(ResultSummary.of(result));
  }

  @Test
  void a_dead_lettered_event_is_recorded_and_its_status_says_so() throws Exception {
    startSource();
    String invocationId = "inv-" + "ab".repeat(16);
    byte[] noMode =
        ("{\"version\":\"v1\",\"invocationID\":\""
                + invocationId
                + "\",\"serverlessRequestID\":\"poison-app\","
                + "\"completedAt\":\"2026-07-13T09:41:16Z\"}")
            .getBytes(StandardCharsets.UTF_8);

    nats.publish("poison-app", noMode, null);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ResultStatus status = store.status(invocationId).toCompletableFuture().join();
              assertThat(status.kind()).isEqualTo(ResultStatus.Kind.DEAD_LETTERED);
              assertThat(status.failureClass()).contains(FailureClass.MALFORMED_MESSAGE.wireName());
              assertThat(status.reason().orElseThrow()).contains("mode");
            });
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(nats.deadLetters()).hasSize(1));
  }

  @Test
  void close_ends_the_subscription_and_every_wait() throws Exception {
    waiter = NatsResultWaiter.builder(nats.connection, store).subjectPrefix(nats.prefix).start();
    CompletionStage<Optional<ResultSummary>> waiting =
        waiter.await(TestNats.result("closing-app").invocationId(), Duration.ofSeconds(50));

    waiter.close();

    assertThat(waiting.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(waiter.waiting()).isZero();
  }
}
