package dev.resultstore.runner.fault;

import dev.resultstore.runner.RunnerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scenario 6: a three-node Cassandra cluster on 127.0.0.1, .2 and .3 ({@code
 * scripts/cassandra-cluster.sh}), keyspace with replication factor 3, writes and reads at
 * LOCAL_QUORUM. One node is killed with SIGKILL mid-stream: ingestion goes on, reads answer,
 * nothing is lost. Run by {@code scripts/fault-suite.sh}.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class ClusterFaultIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.cluster.events", 30_000);
  private static final int RATE = Integer.getInteger("resultstore.fault.cluster.rate", 250);
  private static final String VICTIM = "2";

  @Test
  void with_one_of_three_nodes_killed_ingestion_goes_on_reads_answer_and_nothing_is_lost()
      throws Exception {
    long clusterStart = System.nanoTime();
    String contactPoints = Scripts.run("cassandra-cluster.sh", "start");
    Duration clusterStarted = Duration.ofNanos(System.nanoTime() - clusterStart);
    try (Scenario scenario = new Scenario("cluster")) {
      scenario.settings.cqlHosts.clear();
      scenario.settings.cqlHosts.addAll(List.of(contactPoints.split(",")));
      scenario.settings.replicationFactor = 3;
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(3));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);
      List<String> early = new ArrayList<>();
      for (int i = 0; i < EVENTS / 5; i += EVENTS / 1000) {
        early.add(messages.get(i).messageId().substring("result-".length()));
      }

      long start = System.nanoTime();
      CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, RATE);
      scenario.awaitSettled(EVENTS / 4, Duration.ofMinutes(10));
      long settledAtKill = scenario.settled();
      long killing = System.nanoTime();
      Scripts.run("cassandra-cluster.sh", "kill", VICTIM);
      long killed = System.nanoTime();

      // ingestion goes on: a further fifth of the stream settles with the node down
      scenario.awaitSettled(settledAtKill + EVENTS / 5, Duration.ofMinutes(10));
      Duration fifthAfterKill = Duration.ofNanos(System.nanoTime() - killed);
      // reads answer: rows stored before the kill, straight from CQL at LOCAL_QUORUM ...
      int found = 0;
      for (String id : early) {
        if (scenario.store().row(id) != null) {
          found++;
        }
      }
      // ... and through the runner's own reader
      RunnerProcess.Result get =
          RunnerProcess.cli("get", "--config", runner.config().toString(), early.get(0));

      publishing.get(10, TimeUnit.MINUTES);
      Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(15));
      long done = System.nanoTime();
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();
      String statusWhileDown = status();

      long restarting = System.nanoTime();
      Scripts.run("cassandra-cluster.sh", "start", VICTIM);
      Duration restart = Duration.ofNanos(System.nanoTime() - restarting);

      scenario
          .report
          .put("events", EVENTS)
          .put("ratePerSecond", RATE)
          .seconds("clusterStart", clusterStarted)
          .put("settledAtKill", settledAtKill)
          .seconds("killTook", Duration.ofNanos(killed - killing))
          .seconds("fifthOfStreamWithNodeDown", fifthAfterKill)
          .put("earlyRowsRead", found + "/" + early.size())
          .put("getExit", get.status())
          .put(
              "transientRetriesMetric",
              (long) runner.metric("result_store_transient_retries_total"))
          .put("stored", stored.size())
          .put("deadLetters", deadLetters)
          .seconds("allStored", Duration.ofNanos(done - start))
          .seconds("nodeRestart", restart);
      SoftAssertions softly = new SoftAssertions();
      softly
          .assertThat(statusWhileDown)
          .as("node %s was down", VICTIM)
          .contains("node" + VICTIM + "  127.0.0." + VICTIM + ":19042: does not answer");
      softly
          .assertThat(found)
          .as("rows read at LOCAL_QUORUM with a node down")
          .isEqualTo(early.size());
      softly.assertThat(get.status()).as("runner get with a node down: %s", get.err()).isZero();
      softly.assertThat(get.out()).as("runner get prints the result").contains(early.get(0));
      softly.assertThat(runner.isAlive()).as("the runner kept running").isTrue();
      scenario.assertNothingLost(softly, ids, stored, deadLetters);
    }
  }

  /** The cluster script's status (exit status 1 when a node does not answer). */
  private static String status() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            Scripts.directory().resolve("cassandra-cluster.sh").toString(), "status");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    process.waitFor(2, TimeUnit.MINUTES);
    System.out.print(out.replaceAll("(?m)^", "  | "));
    return out;
  }
}
