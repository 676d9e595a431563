package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.testing.TestResults;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NatsResultSourceIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private TestNats nats;
  private final List<NatsResultSource> sources = new ArrayList<>();

  @BeforeEach
  void setUp() {
    nats = TestNats.shared();
  }

  @AfterEach
  void tearDown() throws Exception {
    sources.forEach(NatsResultSource::close);
    nats.close();
  }

  @Test
  void stores_every_valid_result_and_acks_it() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    List<InvocationResult> results = publish(300);
    ScriptedSink sink = new ScriptedSink();
    CountingListener listener = new CountingListener();

    NatsResultSource source = start(config, sink, listener);

    await().atMost(PATIENCE).until(() -> sink.stored() == results.size());
    for (InvocationResult published : results) {
      InvocationResult stored = sink.get(published.invocationId()).orElseThrow();
      // Everything the event carried, except what the store does not keep or sets itself.
      assertThat(stored)
          .isEqualTo(published.toBuilder().replySubject(null).storedAt(stored.storedAt()).build());
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              ConsumerInfo info = nats.consumerInfo();
              assertThat(info.getNumAckPending()).isZero();
              assertThat(info.getNumPending()).isZero();
              assertThat(source.inFlight()).isZero();
            });
    assertThat(listener.received).hasValue(300);
    assertThat(listener.stored).hasValue(300);
    assertThat(listener.duplicates).hasValue(0);
    assertThat(listener.lastLag).isPositive().isLessThan(PATIENCE);
    assertThat(nats.deadLetters()).isEmpty();
  }

  @Test
  void a_stored_result_takes_no_worker_task_it_is_settled_where_its_write_completed()
      throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    publish(50);
    // The sink completes its writes on a thread of its own, as the CQL driver's I/O thread does.
    ScriptedSink sink = new ScriptedSink().delayed(Duration.ofMillis(5));
    AtomicInteger tasks = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Executor counting =
          task -> {
            tasks.incrementAndGet();
            pool.execute(task);
          };
      NatsResultSource source =
          NatsResultSource.create(config, sink, new CountingListener(), counting);
      sources.add(source);
      source.start();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                assertThat(sink.stored()).isEqualTo(50);
                assertThat(nats.consumerInfo().getNumAckPending()).isZero();
              });
      // Decoding and starting the write happen on the fetch thread, settling where the write
      // completed: no task per message (there were two, then one, before).
      assertThat(tasks).hasValue(0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void acks_of_stored_messages_wait_for_the_linger_and_then_leave_together() throws Exception {
    NatsSourceConfig config = longestAckLinger().maxInFlight(128).build();
    nats.createStream(config);
    List<InvocationResult> results = publish(10);
    ScriptedSink sink = new ScriptedSink();
    NatsResultSource source = start(config, sink, new CountingListener());

    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> sink.stored() == 10);
    // Stored, so the acks are due, but they wait: fewer than maxInFlight / 8 = 16 are waiting.
    assertThat(nats.consumerInfo().getNumAckPending()).isEqualTo(results.size());
    assertThat(source.inFlight()).isEqualTo(results.size());

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(nats.consumerInfo().getNumAckPending()).isZero();
              assertThat(source.inFlight()).isZero();
            });
    assertThat(nats.consumerInfo().getRedelivered()).isZero();
  }

  @Test
  void closing_sends_the_acks_that_still_wait() throws Exception {
    NatsSourceConfig config = longestAckLinger().build();
    nats.createStream(config);
    publish(5);
    ScriptedSink sink = new ScriptedSink();
    NatsResultSource source = start(config, sink, new CountingListener());
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> sink.stored() == 5);

    source.close();

    // Without the acks, the server would hold the five as pending for the 30 s ack deadline.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
    assertThat(nats.consumerInfo().getNumPending()).isZero();
    assertThat(nats.consumerInfo().getRedelivered()).isZero();
  }

  @Test
  void acks_only_after_the_write_completed_and_keeps_a_slow_write_alive() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    InvocationResult slow = TestNats.result("slow");
    CompletableFuture<Void> release = new CompletableFuture<>();
    ScriptedSink store =
        new ScriptedSink()
            .gated(r -> r.invocationId().equals(slow.invocationId()) ? release : null);
    ScriptedSink sink = store;
    CountingListener listener = new CountingListener();
    NatsResultSource source = start(config, sink, listener);
    List<InvocationResult> others = publish(20);
    nats.publish(slow);

    await().atMost(PATIENCE).until(() -> store.stored() == others.size());
    // Held for several times the ack deadline (500 ms): kept alive, not acked, not redelivered.
    Thread.sleep(2_500);
    assertThat(nats.consumerInfo().getNumAckPending()).isEqualTo(1);
    assertThat(source.inFlight()).isEqualTo(1);
    assertThat(store.get(slow.invocationId())).isEmpty();

    release.complete(null);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
    assertThat(store.get(slow.invocationId())).isPresent();
    assertThat(listener.received).hasValue(21);
    assertThat(nats.consumerInfo().getRedelivered()).isZero();
  }

  @Test
  void stores_a_republished_result_once_and_counts_redeliveries_as_duplicates() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    InvocationResult twice = TestNats.result("twice");
    nats.publish(twice.serverlessRequestId(), TestNats.event(twice), "first");
    nats.publish(twice.serverlessRequestId(), TestNats.event(twice), "second");
    List<InvocationResult> results = publish(10);
    // An instance that fetched five messages and died (kill -9) before acking them.
    nats.management.addOrUpdateConsumer(nats.stream, ConsumerSetup.desired(config));
    JetStreamSubscription crashed =
        nats.jetStream.subscribe(null, PullSubscribeOptions.bind(nats.stream, nats.consumer));
    List<Message> lost = crashed.fetch(5, Duration.ofSeconds(2));
    crashed.unsubscribe();
    assertThat(lost).hasSize(5);
    ScriptedSink sink = new ScriptedSink();
    CountingListener listener = new CountingListener();

    start(config, sink, listener);

    await().atMost(PATIENCE).until(() -> listener.stored.get() == 12);
    assertThat(sink.stored()).isEqualTo(11);
    assertThat(sink.writesOf(twice.invocationId())).isEqualTo(2);
    assertThat(listener.duplicates).hasValue(5);
    assertThat(results).allSatisfy(r -> assertThat(sink.get(r.invocationId())).isPresent());
    assertThat(nats.deadLetters()).isEmpty();
  }

  @Test
  void graceful_stop_acks_everything_in_flight_and_naks_what_it_did_not_start() throws Exception {
    NatsSourceConfig config = nats.config().maxInFlight(40).fetchBatchSize(20).build();
    nats.createStream(config);
    List<InvocationResult> results = publish(400);
    ScriptedSink first = new ScriptedSink().delayed(Duration.ofMillis(300));
    NatsResultSource stopping = start(config, first, new CountingListener());
    await().atMost(PATIENCE).until(() -> first.stored() >= 40 && stopping.inFlight() > 0);

    long started = System.nanoTime();
    stopping.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(config.drainTimeout());
    assertThat(stopping.inFlight()).isZero();
    Set<String> storedByFirst = storedIds(first, results);
    assertThat(storedByFirst).hasSizeBetween(40, results.size() - 1);
    assertThat(first.completedWrites()).isEqualTo(storedByFirst.size());

    // Everything the first source stored was acked: the second one never sees it again.
    ScriptedSink second = new ScriptedSink();
    CountingListener secondListener = new CountingListener();
    start(config, second, secondListener);
    await().atMost(PATIENCE).until(() -> first.stored() + second.stored() == results.size());
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> second.stored() == results.size() - storedByFirst.size());
    assertThat(storedIds(second, results)).doesNotContainAnyElementsOf(storedByFirst);
  }

  @Test
  void two_sources_on_one_consumer_store_everything_once() throws Exception {
    NatsSourceConfig config = nats.config().fetchBatchSize(10).maxInFlight(20).build();
    nats.createStream(config);
    List<InvocationResult> results = publish(1000);
    ScriptedSink shared = new ScriptedSink().delayed(Duration.ofMillis(5));
    CountingListener one = new CountingListener();
    CountingListener two = new CountingListener();

    start(config, shared, one);
    start(config, shared, two);

    await().atMost(PATIENCE).until(() -> shared.stored() == results.size());
    assertThat(results).allSatisfy(r -> assertThat(shared.writesOf(r.invocationId())).isEqualTo(1));
    assertThat(one.stored.get() + two.stored.get()).isEqualTo(results.size());
    assertThat(one.stored.get()).isPositive();
    assertThat(two.stored.get()).isPositive();
  }

  @Test
  void is_ready_while_running_and_expired_results_are_acked_not_stored() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    InvocationResult old =
        TestResults.result("old", Instant.now().minus(Duration.ofDays(30))).build();
    nats.publish(old);
    ScriptedSink sink = new ScriptedSink();
    CountingListener listener = new CountingListener();

    NatsResultSource source = start(config, sink, listener);

    assertThat(source.isReady()).isTrue();
    await().atMost(PATIENCE).until(() -> listener.expired.get() == 1);
    assertThat(sink.stored()).isZero();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
    source.close();
    assertThat(source.isReady()).isFalse();
  }

  @Test
  void the_pending_gauge_follows_the_backlog() throws Exception {
    NatsSourceConfig config = nats.config().fetchBatchSize(5).maxInFlight(5).build();
    nats.createStream(config);
    publish(200);
    ScriptedSink sink = new ScriptedSink().delayed(Duration.ofMillis(20));
    NatsResultSource source = start(config, sink, new CountingListener());

    await().atMost(PATIENCE).until(() -> source.consumerPending() > 0);
    await().atMost(PATIENCE).until(() -> sink.stored() == 200);
    await().atMost(PATIENCE).until(() -> source.consumerPending() == 0);
  }

  @Test
  void pulls_the_server_ends_with_a_status_are_reported_by_their_code() throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    ScriptedSink sink = new ScriptedSink();
    CountingListener listener = new CountingListener();
    start(config, sink, listener);

    // an idle pull expires after a second: the server ends it with 408
    await().atMost(PATIENCE).until(() -> listener.pullStatuses(408) > 0);

    // the consumer deleted under a waiting pull: the server ends it with 409 Consumer Deleted
    // (a pull may just be between two requests, so delete again until one was waiting)
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () -> {
              if (listener.pullStatuses(409) == 0) {
                nats.management.deleteConsumer(nats.stream, nats.consumer);
              }
              return listener.pullStatuses(409) > 0;
            });
    publish(1);
    await().atMost(PATIENCE).until(() -> sink.stored() == 1);
  }

  /** Acks wait their longest (1 s): a 30 s ack deadline, a tenth of which would be 3 s. */
  private NatsSourceConfig.Builder longestAckLinger() {
    return nats.config()
        .ackWait(Duration.ofSeconds(30))
        .backoff(List.of())
        .ackLinger(NatsSourceConfig.MAX_ACK_LINGER);
  }

  private List<InvocationResult> publish(int count) throws Exception {
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InvocationResult result = TestNats.result("app-" + (i % 7));
      nats.publish(result);
      results.add(result);
    }
    return results;
  }

  private NatsResultSource start(
      NatsSourceConfig config, ScriptedSink sink, SourceListener listener) {
    NatsResultSource source = NatsResultSource.create(config, sink, listener);
    sources.add(source);
    source.start();
    return source;
  }

  private static Set<String> storedIds(ScriptedSink sink, List<InvocationResult> results) {
    Set<String> ids = new HashSet<>();
    for (InvocationResult result : results) {
      if (sink.get(result.invocationId()).isPresent()) {
        ids.add(result.invocationId());
      }
    }
    return ids;
  }
}
