package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Many concurrent writes: all land, and no more than the configured number run at once. */
class WriteLoadIT {
  private static final Logger LOG = LoggerFactory.getLogger(WriteLoadIT.class);
  private static final int MAX_IN_FLIGHT = 32;
  private static final int RESULTS = 2_000;
  private static String keyspace;
  private static CqlResultStore store;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace).maxInFlightWrites(MAX_IN_FLIGHT).build());
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(store.session(), keyspace);
    store.close();
  }

  @Test
  void concurrent_writes_all_land_and_never_exceed_the_in_flight_bound() throws Exception {
    String request = TestResults.requestId("load");
    Instant epoch = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
    // The caller bounds itself too, like the NATS source: at most 4 x the store's bound.
    Semaphore callerBound = new Semaphore(4 * MAX_IN_FLIGHT);
    AtomicInteger peak = new AtomicInteger();
    List<CompletableFuture<WriteOutcome>> writes = new ArrayList<>();

    long start = System.nanoTime();
    for (int i = 0; i < RESULTS; i++) {
      callerBound.acquire();
      InvocationResult result =
          TestResults.result(request, epoch.plusMillis(i / 3).plusNanos(i)).build();
      CompletableFuture<WriteOutcome> write = store.write(result).toCompletableFuture();
      peak.accumulateAndGet(store.permits().inFlight(), Math::max);
      writes.add(write.whenComplete((outcome, error) -> callerBound.release()));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
    long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
    LOG.info(
        "{} results written in {} ms ({} per second) with at most {} in flight",
        RESULTS,
        millis,
        RESULTS * 1000L / millis,
        MAX_IN_FLIGHT);

    assertThat(writes).allSatisfy(write -> assertThat(write.join()).isEqualTo(WriteOutcome.STORED));
    assertThat(peak.get()).isBetween(1, MAX_IN_FLIGHT);
    assertThat(store.permits().inFlight()).isZero();
    TimeWindow window = new TimeWindow(epoch, epoch.plus(Duration.ofMinutes(1)));
    Set<String> listed = new HashSet<>();
    int items = 0;
    PageRequest next = PageRequest.first(1000);
    for (int pages = 0; next != null && pages < 10; pages++) {
      ResultPage page = await(store.queryByRequest(request, window, next));
      items += page.items().size();
      page.items().forEach(summary -> listed.add(summary.invocationId()));
      next = page.next().map(cursor -> PageRequest.after(cursor, 1000)).orElse(null);
    }
    assertThat(next).as("the query ends").isNull();
    assertThat(items).isEqualTo(RESULTS);
    assertThat(listed).hasSize(RESULTS);
  }
}
