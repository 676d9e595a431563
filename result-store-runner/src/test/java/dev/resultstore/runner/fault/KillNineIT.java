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
 * Scenario 1: the runner is killed with SIGKILL in the middle of a stream and started again. Every
 * result is stored, nothing is dead-lettered. {@code mvn verify} runs it with 10,000 events; {@code
 * scripts/fault-suite.sh} with 100,000 ({@code -Dresultstore.fault.kill9.events}).
 */
class KillNineIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.kill9.events", 10_000);

  @Test
  void a_runner_killed_with_sigkill_mid_stream_loses_nothing_once_restarted() throws Exception {
    try (Scenario scenario = new Scenario("kill9")) {
      RunnerProcess first = scenario.startRunner("runner-1");
      scenario.awaitReady(first, Duration.ofMinutes(2));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);

      long start = System.nanoTime();
      CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, 0);
      scenario.awaitSettled(EVENTS * 2L / 5, Duration.ofMinutes(10));
      long settledAtKill = scenario.settled();
      double storedByFirst = first.metric("result_store_stored_total");
      first.kill9();
      Duration killedAt = Duration.ofNanos(System.nanoTime() - start);
      long heldAtKill = scenario.stream().backlog().ackPending();

      long restart = System.nanoTime();
      RunnerProcess second = scenario.startRunner("runner-2");
      scenario.awaitReady(second, Duration.ofMinutes(2));
      Duration restartToReady = Duration.ofNanos(System.nanoTime() - restart);
      publishing.get(10, TimeUnit.MINUTES);
      Duration published = Duration.ofNanos(System.nanoTime() - start);

      Set<String> stored = scenario.awaitStored(ids, Duration.ofSeconds(300 + EVENTS / 50));
      Duration drained = Duration.ofNanos(System.nanoTime() - start);
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();

      scenario
          .report
          .put("events", EVENTS)
          .put("settledAtKill", settledAtKill)
          .put("heldAtKill", heldAtKill)
          .put("storedByFirstMetric", (long) storedByFirst)
          .put("storedBySecondMetric", (long) second.metric("result_store_stored_total"))
          .put("redeliveredMetric", (long) second.metric("result_store_redelivered_total"))
          .put("stored", stored.size())
          .put("deadLetters", deadLetters)
          .seconds("killedAt", killedAt)
          .seconds("restartToReady", restartToReady)
          .seconds("published", published)
          .seconds("allStored", drained)
          .put("eventsPerSecond", Math.round(EVENTS / (drained.toMillis() / 1000.0)));
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(settledAtKill).as("killed mid-stream").isLessThan(EVENTS);
      scenario.assertNothingLost(softly, ids, stored, deadLetters);
    }
  }
}
