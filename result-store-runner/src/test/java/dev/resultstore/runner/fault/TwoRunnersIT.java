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

/**
 * Scenario 5: two runners share one durable consumer; one is killed with SIGKILL mid-stream. The
 * other takes over the messages the killed one held (after the server's ack wait) and everything is
 * stored, nothing dead-lettered.
 */
class TwoRunnersIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.two.events", 6_000);

  @Test
  void when_one_of_two_runners_on_one_consumer_is_killed_the_other_stores_everything()
      throws Exception {
    try (Scenario scenario = new Scenario("two")) {
      RunnerProcess first = scenario.startRunner("runner-a");
      RunnerProcess second = scenario.startRunner("runner-b");
      scenario.awaitReady(first, Duration.ofMinutes(2));
      scenario.awaitReady(second, Duration.ofMinutes(2));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);

      long start = System.nanoTime();
      CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, 0);
      scenario.awaitSettled(EVENTS * 2L / 5, Duration.ofMinutes(10));
      long settledAtKill = scenario.settled();
      double storedByKilled = first.metric("result_store_stored_total");
      double storedBySurvivorBefore = second.metric("result_store_stored_total");
      long heldAtKill = scenario.stream().backlog().ackPending();
      first.kill9();
      Duration killedAt = Duration.ofNanos(System.nanoTime() - start);
      publishing.get(10, TimeUnit.MINUTES);

      Set<String> stored = scenario.awaitStored(ids, Duration.ofSeconds(300 + EVENTS / 50));
      Duration drained = Duration.ofNanos(System.nanoTime() - start);
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();

      scenario
          .report
          .put("events", EVENTS)
          .put("settledAtKill", settledAtKill)
          .put("heldAtKill", heldAtKill)
          .put("storedByKilledMetric", (long) storedByKilled)
          .put("storedBySurvivorBeforeKillMetric", (long) storedBySurvivorBefore)
          .put("storedBySurvivorMetric", (long) second.metric("result_store_stored_total"))
          .put("stored", stored.size())
          .put("deadLetters", deadLetters)
          .seconds("killedAt", killedAt)
          .seconds("allStored", drained);
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(storedByKilled).as("the killed runner had stored some").isPositive();
      softly.assertThat(storedBySurvivorBefore).as("both runners were consuming").isPositive();
      softly.assertThat(settledAtKill).as("killed mid-stream").isLessThan(EVENTS);
      softly.assertThat(second.isAlive()).as("the survivor kept running").isTrue();
      scenario.assertNothingLost(softly, ids, stored, deadLetters);
    }
  }
}
