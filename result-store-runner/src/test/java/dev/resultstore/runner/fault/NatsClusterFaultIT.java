package dev.resultstore.runner.fault;

import static org.awaitility.Awaitility.await;

import dev.resultstore.runner.RunnerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.ClusterInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scenario 12: a three-server NATS cluster ({@code scripts/nats-cluster.sh}, 127.0.0.1:4231 to
 * 4233, JetStream on disk), the runner's stream created with three replicas ({@code streamReplicas:
 * 3}) and its {@code url} listing all three servers, comma-separated as the Go process takes it.
 * While results are published and stored: the stream's leader is killed (SIGKILL) and started
 * again, the consumer's leader steps down (the pulls waiting on it get a 409), and the whole
 * cluster is stopped and started again. Every published result must be stored, none dead-lettered,
 * nothing left in the consumer; results stored more than once are counted and reported. Run by
 * {@code scripts/fault-suite.sh}.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class NatsClusterFaultIT {
  private static final int EVENTS =
      Integer.getInteger("resultstore.fault.natscluster.events", 20_000);
  private static final int RATE = Integer.getInteger("resultstore.fault.natscluster.rate", 200);
  private static final Duration LEADER_DOWN = Duration.ofSeconds(10);
  private static final Duration CLUSTER_DOWN = Duration.ofSeconds(5);
  private static final Pattern NODE = Pattern.compile("-(\\d+)$");
  private static final String PULL_STATUS = "result_store_pull_status_total";

  @Test
  void a_leader_crash_a_consumer_leader_step_down_and_a_cluster_restart_lose_nothing()
      throws Exception {
    String urls = Scripts.run("nats-cluster.sh", "start");
    try (Scenario scenario = new Scenario("natscluster")) {
      scenario.settings.natsUrl = urls;
      scenario.settings.streamReplicas = 3;
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(2));
      Connection connection = scenario.publisher().connection();
      JetStreamManagement management = connection.jetStreamManagement();
      String stream = scenario.names.stream();
      String consumer = scenario.names.consumer();
      int replicas = management.getStreamInfo(stream).getConfiguration().getReplicas();

      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);
      long start = System.nanoTime();
      CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, RATE);

      // 1. the stream's leader crashes mid-stream, and comes back 10 s later
      scenario.awaitSettled(EVENTS / 5, Duration.ofMinutes(10));
      long settledAtKill = scenario.settled();
      String streamLeader = leader(() -> management.getStreamInfo(stream).getClusterInfo());
      long killed = System.nanoTime();
      Scripts.run("nats-cluster.sh", "kill", node(streamLeader));
      String newStreamLeader =
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(250))
              .ignoreExceptions()
              .until(
                  () -> management.getStreamInfo(stream).getClusterInfo().getLeader(),
                  leader -> leader != null && !leader.equals(streamLeader));
      long newLeader = System.nanoTime();
      scenario.awaitSettled(settledAtKill + 100, Duration.ofMinutes(3));
      long settlingWithoutIt = System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, killed + LEADER_DOWN.toNanos() - System.nanoTime()));
      Scripts.run("nats-cluster.sh", "start", node(streamLeader));
      long back = System.nanoTime();

      // 2. the consumer's leader steps down: the pulls waiting on it end with a 409
      scenario.awaitSettled(EVENTS * 9L / 20, Duration.ofMinutes(10));
      long settledAtStepDown = scenario.settled();
      Map<String, Double> pullStatusBefore = runner.metricByLabel(PULL_STATUS, "code");
      String consumerLeader =
          leader(() -> management.getConsumerInfo(stream, consumer).getClusterInfo());
      Message answer =
          connection.request(
              "$JS.API.CONSUMER.LEADER.STEPDOWN." + stream + "." + consumer,
              new byte[0],
              Duration.ofSeconds(10));
      String stepDown =
          answer == null ? "no answer" : new String(answer.getData(), StandardCharsets.UTF_8);
      String newConsumerLeader =
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(250))
              .ignoreExceptions()
              .until(
                  () -> management.getConsumerInfo(stream, consumer).getClusterInfo().getLeader(),
                  leader -> leader != null && !leader.equals(consumerLeader));
      long steppedDown = System.nanoTime();
      scenario.awaitSettled(settledAtStepDown + 100, Duration.ofMinutes(3));
      long settlingAfterStepDown = System.nanoTime();
      Map<String, Double> pullStatusAfter = runner.metricByLabel(PULL_STATUS, "code");
      String logAfterStepDown = runner.log();

      // 3. the whole cluster stops (SIGTERM) and starts again
      scenario.awaitSettled(EVENTS * 13L / 20, Duration.ofMinutes(10));
      long settledAtClusterStop = scenario.settled();
      long stopping = System.nanoTime();
      Scripts.run("nats-cluster.sh", "stop");
      TimeUnit.NANOSECONDS.sleep(
          Math.max(0, stopping + CLUSTER_DOWN.toNanos() - System.nanoTime()));
      Scripts.run("nats-cluster.sh", "start");
      long answering = System.nanoTime();
      scenario.awaitSettled(settledAtClusterStop + 100, Duration.ofMinutes(3));
      long settlingAfterRestart = System.nanoTime();

      publishing.get(10, TimeUnit.MINUTES);
      Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(10));
      long done = System.nanoTime();
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();
      long storedMetric = (long) runner.metric("result_store_stored_total");
      long inStream = scenario.stream().resultMessages();
      String log = runner.log();

      scenario
          .report
          .put("events", EVENTS)
          .put("ratePerSecond", RATE)
          .put("streamReplicas", replicas)
          .put("settledAtLeaderKill", settledAtKill)
          .put("streamLeaderKilled", streamLeader)
          .put("newStreamLeader", newStreamLeader)
          .seconds("newLeaderAfter", Duration.ofNanos(newLeader - killed))
          .seconds("settlingWithoutItAfter", Duration.ofNanos(settlingWithoutIt - killed))
          .seconds("leaderDown", Duration.ofNanos(back - killed))
          .put("settledAtStepDown", settledAtStepDown)
          .put("consumerLeader", consumerLeader + "->" + newConsumerLeader)
          .put("stepDownAnswered", stepDown.contains("\"success\":true"))
          .seconds("settlingAfterStepDown", Duration.ofNanos(settlingAfterStepDown - steppedDown))
          .put("pullStatusAfterStepDown", rose(pullStatusBefore, pullStatusAfter))
          .put(
              "leadershipChangeLogged",
              count(logAfterStepDown, "Pull ended by the server: 409 Leadership Change"))
          .put("settledAtClusterStop", settledAtClusterStop)
          .seconds("clusterDown", Duration.ofNanos(answering - stopping))
          .seconds("settlingAfterClusterUp", Duration.ofNanos(settlingAfterRestart - answering))
          .put("resultMessagesInStream", inStream)
          .put("stored", stored.size())
          .put("storedMetric", storedMetric)
          .put("storedMoreThanOnce", storedMetric - EVENTS)
          .put("redeliveredMetric", (long) runner.metric("result_store_redelivered_total"))
          .put("fetchFailuresLogged", count(log, "Fetching failed"))
          .put("pullStatusTotals", totals(runner.metricByLabel(PULL_STATUS, "code")))
          .put("deadLetters", deadLetters)
          .seconds("allStored", Duration.ofNanos(done - start));
      SoftAssertions softly = new SoftAssertions();
      softly.assertThat(replicas).as("the stream's replicas").isEqualTo(3);
      softly.assertThat(stepDown).as("the step-down's answer").contains("\"success\":true");
      softly.assertThat(inStream).as("result messages in the stream").isEqualTo(EVENTS);
      softly.assertThat(runner.isAlive()).as("the same runner process").isTrue();
      scenario.assertNothingLost(softly, ids, stored, deadLetters);
    }
  }

  /** A cluster member's leader, asked until the cluster names one. */
  private static String leader(java.util.concurrent.Callable<ClusterInfo> info) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> info.call().getLeader(), leader -> leader != null && !leader.isEmpty());
  }

  /** The node number of a server named {@code result-store-natscluster-<n>}. */
  private static String node(String server) {
    Matcher matcher = NODE.matcher(server);
    if (!matcher.find()) {
      throw new AssertionError("not a server of scripts/nats-cluster.sh: " + server);
    }
    return matcher.group(1);
  }

  /**
   * The status codes other than 408 (an expired pull, every idle second) whose count rose, with how
   * much: {@code 409x1}; {@code none} when none did.
   */
  private static String rose(Map<String, Double> before, Map<String, Double> after) {
    StringBuilder codes = new StringBuilder();
    after.forEach(
        (code, count) -> {
          long more = (long) (count - before.getOrDefault(code, 0.0));
          if (!code.equals("408") && more > 0) {
            codes.append(codes.length() == 0 ? "" : ",").append(code).append('x').append(more);
          }
        });
    return codes.length() == 0 ? "none" : codes.toString();
  }

  /** Every status code with its count over the run: {@code 408x1234,409x3}. */
  private static String totals(Map<String, Double> counts) {
    StringBuilder codes = new StringBuilder();
    counts.forEach(
        (code, count) ->
            codes
                .append(codes.length() == 0 ? "" : ",")
                .append(code)
                .append('x')
                .append(count.longValue()));
    return codes.length() == 0 ? "none" : codes.toString();
  }

  private static long count(String text, String what) {
    return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
  }
}
