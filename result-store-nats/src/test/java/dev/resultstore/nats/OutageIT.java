package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.TransientStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutageIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private TestNats nats;
  private NatsResultSource source;
  private volatile boolean storeDown;

  @BeforeEach
  void setUp() {
    nats = TestNats.shared();
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    nats.close();
  }

  @Test
  void an_outage_mid_stream_dead_letters_nothing_and_loses_nothing() throws Exception {
    // The server's ack deadline is 500 ms and max deliver 3: without the keep-alive, a 5 s
    // outage would have every held message redelivered and then given up on by the server.
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    List<InvocationResult> results = publish(500);
    AtomicInteger writes = new AtomicInteger();
    ScriptedSink sink =
        new ScriptedSink()
            .delayed(Duration.ofMillis(2))
            .failing(
                result -> {
                  // The store goes down after 100 writes, mid-stream, until the test brings it
                  // back.
                  if (writes.incrementAndGet() == 100) {
                    storeDown = true;
                  }
                  return outage(result);
                })
            .probing(() -> outage(null));
    CountingListener listener = new CountingListener();
    source = NatsResultSource.create(config, sink, listener);
    source.start();

    await().atMost(PATIENCE).until(() -> listener.inOutage);
    assertThat(source.isReady()).isFalse();
    Thread.sleep(1_000);
    int received = listener.received.get();
    assertThat(received - sink.stored()).isBetween(1, config.maxInFlight());
    // Nothing fetched, nothing redelivered while the store is down.
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> listener.received.get() == received && listener.inOutage);
    assertThat(nats.consumerInfo().getNumAckPending()).isEqualTo(received - sink.stored());

    storeDown = false;

    await().atMost(PATIENCE).until(() -> sink.stored() == results.size());
    assertThat(results).allSatisfy(r -> assertThat(sink.get(r.invocationId())).isPresent());
    await().atMost(PATIENCE).until(source::isReady);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
    assertThat(listener.received).hasValue(results.size());
    assertThat(listener.duplicates).hasValue(0);
    assertThat(nats.consumerInfo().getRedelivered()).isZero();
    assertThat(listener.deadLettered).isEmpty();
    assertThat(nats.deadLetters()).isEmpty();
    assertThat(listener.transientRetries.get()).isPositive();
    assertThat(listener.outagesLeft.get()).isEqualTo(listener.outagesEntered.get()).isPositive();
  }

  @Test
  void starts_in_an_outage_holds_at_most_max_in_flight_and_resumes_by_itself() throws Exception {
    // The production defaults: the consumer we create has no server back-off, so its ack
    // deadline is the ack wait; the keep-alive holds the messages through the outage.
    NatsSourceConfig config =
        nats.config()
            .maxInFlight(10)
            .fetchBatchSize(10)
            .ackWait(Duration.ofSeconds(30))
            .maxDeliver(5)
            .backoff(List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30)))
            .build();
    nats.createStream(config);
    List<InvocationResult> results = publish(100);
    storeDown = true;
    ScriptedSink sink = new ScriptedSink().failing(this::outage).probing(() -> outage(null));
    CountingListener listener = new CountingListener();
    source = NatsResultSource.create(config, sink, listener);
    source.start();

    await().atMost(PATIENCE).until(() -> listener.inOutage);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> listener.received.get() <= 10 && source.inFlight() <= 10);
    assertThat(source.isReady()).isFalse();
    assertThat(sink.stored()).isZero();

    storeDown = false;

    await().atMost(PATIENCE).until(() -> sink.stored() == results.size());
    assertThat(listener.received).hasValue(results.size());
    assertThat(listener.duplicates).hasValue(0);
    assertThat(nats.deadLetters()).isEmpty();
  }

  private RuntimeException outage(InvocationResult result) {
    return storeDown ? new TransientStoreException("store unavailable (scripted)", null) : null;
  }

  private List<InvocationResult> publish(int count) throws Exception {
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InvocationResult result = TestNats.result("outage-app");
      nats.publish(result);
      results.add(result);
    }
    return results;
  }
}
