package dev.resultstore.runner.fault;

import dev.resultstore.runner.RunnerProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scenario 8: writes refused for minutes while the CQL session stays connected (the scenario's
 * keyspace is altered to a replication the one-node cluster cannot meet at {@code LOCAL_QUORUM}:
 * NetworkTopologyStrategy with 3 replicas), and meanwhile the runner is restarted six times, three
 * gracefully (SIGTERM, drain) and three with SIGKILL; then the replication goes back to 1 and
 * writes succeed again. The Go retry config (max deliver 5, back-off 2s, 10s, 30s). Every result
 * must end stored, none dead-lettered, nothing left in the consumer. Before the retry budget
 * counted processing failures only, 256 of 3,000 were lost this way.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class RestartsInOutageFaultIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.restarts.events", 3_000);
  private static final int RESTARTS = 6;
  private static final Duration BETWEEN_RESTARTS = Duration.ofSeconds(10);
  private static final int PUBLISH_RATE = 20;

  @Test
  void restarts_during_a_write_outage_lose_and_dead_letter_nothing() throws Exception {
    try (Scenario scenario = new Scenario("restarts")) {
      RunnerProcess runner = scenario.startRunner("runner-1");
      scenario.awaitReady(runner, Duration.ofMinutes(2));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);
      String keyspace = scenario.names.keyspace();
      String datacenter = scenario.settings.datacenter;

      // A fifth before the outage; the rest while it lasts, slowly enough that every runner
      // started during it takes messages.
      int before = EVENTS / 5;
      long start = System.nanoTime();
      scenario.publisher().publish(messages.subList(0, before), 0);
      scenario.awaitSettled(before, Duration.ofMinutes(5));
      long settledAtOutage = scenario.settled();
      scenario
          .store()
          .execute(
              "ALTER KEYSPACE "
                  + keyspace
                  + " WITH replication = {'class': 'NetworkTopologyStrategy', '"
                  + datacenter
                  + "': 3}");
      CompletableFuture<long[]> publishing =
          scenario.publishInBackground(messages.subList(before, EVENTS), PUBLISH_RATE);
      long outageStart = System.nanoTime();
      int graceful = 0;
      int killed = 0;
      for (int i = 0; i < RESTARTS; i++) {
        awaitConsuming(runner);
        Thread.sleep(BETWEEN_RESTARTS.toMillis());
        if (i % 2 == 0) {
          runner.close();
          graceful++;
        } else {
          runner.kill9();
          killed++;
        }
        runner = scenario.startRunner("runner-" + (i + 2));
      }
      awaitConsuming(runner);
      publishing.get(10, TimeUnit.MINUTES);
      Thread.sleep(BETWEEN_RESTARTS.toMillis());
      long heldBeforeRestore = scenario.stream().backlog().ackPending();
      scenario
          .store()
          .execute(
              "ALTER KEYSPACE "
                  + keyspace
                  + " WITH replication = {'class': 'NetworkTopologyStrategy', '"
                  + datacenter
                  + "': 1}");
      Duration outage = Duration.ofNanos(System.nanoTime() - outageStart);

      Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(10));
      Duration drained = Duration.ofNanos(System.nanoTime() - start);
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();

      scenario
          .report
          .put("events", EVENTS)
          .put("settledAtOutage", settledAtOutage)
          .put("restartsGraceful", graceful)
          .put("restartsKilled", killed)
          .put("heldBeforeRestore", heldBeforeRestore)
          .put("stored", stored.size())
          .put("deadLetters", deadLetters)
          .put("lost", Scenario.difference(ids, stored).size())
          .seconds("outage", outage)
          .seconds("allStored", drained);
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(settledAtOutage).as("outage mid-stream").isLessThan(EVENTS);
      softly.assertThat(heldBeforeRestore).as("messages held through the outage").isPositive();
      scenario.assertNothingLost(softly, ids, stored, deadLetters);
    }
  }

  /**
   * Waits until {@code runner} consumes (it is not ready during the outage, so its log says so): a
   * runner restarted before it took any message would prove nothing.
   */
  private static void awaitConsuming(RunnerProcess runner) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !runner.isAlive() || runner.log().contains("Running: consuming"));
  }
}
