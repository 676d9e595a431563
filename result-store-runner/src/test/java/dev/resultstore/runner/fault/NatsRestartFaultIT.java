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
 * Scenario 3: the NATS server is stopped in the middle of a stream and started again 10 seconds
 * later. The runner reconnects by itself and finishes; nothing is lost or dead-lettered. Uses a
 * nats-server of its own ({@code scripts/nats-instance.sh --name fault}, 127.0.0.1:4224, JetStream
 * on disk), never the shared one. Run by {@code scripts/fault-suite.sh}.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class NatsRestartFaultIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.nats.events", 20_000);
  private static final int RATE = Integer.getInteger("resultstore.fault.nats.rate", 300);
  private static final Duration DOWN =
      Duration.ofSeconds(Integer.getInteger("resultstore.fault.nats.down.seconds", 10));

  @Test
  void a_nats_restart_mid_stream_loses_nothing_and_the_runner_reconnects_by_itself()
      throws Exception {
    String url = Scripts.run("nats-instance.sh", "--name", "fault", "start");
    try (Scenario scenario = new Scenario("natsrestart")) {
      scenario.settings.natsUrl = url;
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(2));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);

      long start = System.nanoTime();
      CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, RATE);
      scenario.awaitSettled(EVENTS / 4, Duration.ofMinutes(10));
      long settledAtRestart = scenario.settled();
      long restarting = System.nanoTime();
      Scripts.run("nats-instance.sh", "--name", "fault", "stop");
      long stopped = System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, stopped + DOWN.toNanos() - System.nanoTime()));
      Scripts.run("nats-instance.sh", "--name", "fault", "start");
      long answering = System.nanoTime();
      // the runner is back when it settles messages again
      scenario.awaitSettled(settledAtRestart + 100, Duration.ofMinutes(3));
      long consumingAgain = System.nanoTime();

      publishing.get(10, TimeUnit.MINUTES);
      Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(10));
      long done = System.nanoTime();
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();

      scenario
          .report
          .put("events", EVENTS)
          .put("ratePerSecond", RATE)
          .put("settledAtRestart", settledAtRestart)
          .seconds("natsDown", Duration.ofNanos(answering - restarting))
          .seconds("consumingAgainAfterNatsUp", Duration.ofNanos(consumingAgain - answering))
          .put("redeliveredMetric", (long) runner.metric("result_store_redelivered_total"))
          .put("stored", stored.size())
          .put("deadLetters", deadLetters)
          .put("resultMessagesInStream", scenario.stream().resultMessages())
          .seconds("allStored", Duration.ofNanos(done - start));
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(settledAtRestart).as("restarted mid-stream").isLessThan(EVENTS);
      softly.assertThat(runner.isAlive()).as("the same runner process reconnected").isTrue();
      scenario.assertNothingLost(softly, ids, stored, deadLetters);
    }
  }
}
