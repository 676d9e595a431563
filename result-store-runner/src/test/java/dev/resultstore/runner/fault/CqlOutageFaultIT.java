package dev.resultstore.runner.fault;

import dev.resultstore.runner.RunnerProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scenario 2: the CQL server is stopped for 60 seconds in the middle of a stream. The retry budget
 * is made short (3 deliveries, back-off 2s and 5s: a store failure that used deliveries up would
 * dead-letter within seconds), so the test proves that an outage uses no deliveries: nothing is
 * dead-lettered, nothing lost, {@code /readyz} answers "not ready" during the outage, and ingestion
 * resumes by itself. Uses a Cassandra of its own ({@code scripts/cassandra-cluster.sh --name
 * outage}, 127.0.0.1:19242), never the shared one. Run by {@code scripts/fault-suite.sh}.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class CqlOutageFaultIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.outage.events", 20_000);
  private static final int RATE = Integer.getInteger("resultstore.fault.outage.rate", 200);
  private static final Duration OUTAGE =
      Duration.ofSeconds(Integer.getInteger("resultstore.fault.outage.seconds", 60));

  @Test
  void a_sixty_second_cql_outage_dead_letters_nothing_and_ingestion_resumes_by_itself()
      throws Exception {
    String contactPoint = Scripts.run("cassandra-cluster.sh", "--name", "outage", "start");
    try (Scenario scenario = new Scenario("outage")) {
      scenario.settings.cqlHosts.clear();
      scenario.settings.cqlHosts.add(contactPoint);
      scenario.settings.maxDeliver = 3;
      scenario.settings.backoff = "[2s, 5s]";
      scenario.settings.requestTimeout = "5s";
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(2));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);

      long start = System.nanoTime();
      try (ReadinessLog readiness = new ReadinessLog(runner)) {
        CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, RATE);
        scenario.awaitSettled(EVENTS / 5, Duration.ofMinutes(10));
        long settledAtStop = scenario.settled();

        long stopping = System.nanoTime();
        Scripts.run("cassandra-cluster.sh", "--name", "outage", "stop");
        long stopped = System.nanoTime();
        long upAgainDue = stopping + OUTAGE.toNanos();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, upAgainDue - System.nanoTime()));
        long settledDuringOutage = scenario.settled() - settledAtStop;
        long deadLettersDuringOutage = deadLetters(scenario);
        Scripts.run("cassandra-cluster.sh", "--name", "outage", "start");
        long answering = System.nanoTime();
        OptionalLong notReady = readiness.first(false, stopping);
        OptionalLong readyAgain = readiness.await(true, answering, Duration.ofMinutes(3));

        publishing.get(10, TimeUnit.MINUTES);
        Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(10));
        long done = System.nanoTime();
        long deadLetters = deadLetters(scenario);
        long[] notReadySamples = readiness.notReadyOf(stopped, answering);

        scenario
            .report
            .put("events", EVENTS)
            .put("ratePerSecond", RATE)
            .put("settledAtStop", settledAtStop)
            .put("settledDuringOutage", settledDuringOutage)
            .seconds("cqlDown", Duration.ofNanos(answering - stopping))
            .seconds("stopTook", Duration.ofNanos(stopped - stopping))
            .put(
                "notReadyAfter",
                notReady.isPresent() ? seconds(notReady.getAsLong() - stopping) : "never")
            .put("notReadySamplesWhileDown", notReadySamples[0] + "/" + notReadySamples[1])
            .put(
                "readyAgainAfterCqlUp",
                readyAgain.isPresent() ? seconds(readyAgain.getAsLong() - answering) : "never")
            .put("outagesMetric", (long) runner.metric("result_store_outages_total"))
            .put(
                "transientRetriesMetric",
                (long) runner.metric("result_store_transient_retries_total"))
            .put("redeliveredMetric", (long) runner.metric("result_store_redelivered_total"))
            .put("stored", stored.size())
            .put("deadLetters", deadLetters)
            .seconds("allStored", Duration.ofNanos(done - start));
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(deadLettersDuringOutage).as("dead letters during the outage").isZero();
        softly.assertThat(deadLetters).as("dead letters").isZero();
        softly.assertThat(notReady).as("/readyz said not ready after CQL stopped").isPresent();
        softly
            .assertThat(notReadySamples[0])
            .as("not-ready samples while CQL was down")
            .isPositive();
        softly.assertThat(readyAgain).as("/readyz ready again after CQL came back").isPresent();
        softly.assertThat(runner.isAlive()).as("the same runner process resumed").isTrue();
        softly
            .assertThat(Scenario.difference(ids, stored))
            .as("published ids without a row")
            .isEmpty();
        softly
            .assertThat(scenario.stream().backlog())
            .as("nothing left in the consumer")
            .matches(StreamCheck.Backlog::empty);
        scenario.report.finish(softly.errorsCollected().isEmpty() ? "PASS" : "FAIL");
        softly.assertAll();
      }
    }
  }

  private static long deadLetters(Scenario scenario) throws Exception {
    return scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
