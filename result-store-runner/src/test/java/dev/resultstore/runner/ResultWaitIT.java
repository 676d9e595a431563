package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.testing.TestResults;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.nats.NatsResultWaiter;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waits, status and delete against the real runner process: many concurrent waits complete on the
 * runner's commit notifications through one subscription, and the {@code wait}, {@code status} and
 * {@code delete} commands print JSON and exit with the documented codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResultWaitIT {
  private static final int WAITS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResultCodec CODEC = ResultCodec.create();
  private static final String MONITOR =
      System.getenv().getOrDefault("RSDEV_NATS_MONITOR_URL", "http://127.0.0.1:8222");

  @TempDir static Path directory;

  private final ItFixture fixture = new ItFixture();
  private Path config;
  private RunnerProcess runner;
  private Connection nats;
  private CqlResultStore store;

  @BeforeAll
  void start() throws Exception {
    int port = RunnerProcess.freePort();
    config = fixture.writeConfig(directory, fixture.cqlHost(), port);
    // A week's retention (the default keeps results forever), so that a result can expire.
    Files.writeString(
        config, Files.readString(config).replace("scylla:\n", "scylla:\n  retention: 168h\n"));
    runner = RunnerProcess.start(config, directory.resolve("runner.log"), port);
    await("/readyz 200")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(runner.isAlive()).as("runner alive; log:%n%s", runner.log()).isTrue();
              assertThat(runner.status("/readyz")).isEqualTo(200);
            });
    nats =
        Nats.connect(
            new Options.Builder()
                .server(fixture.natsUrl)
                .connectionName("result-wait-it-" + fixture.id)
                .build());
    store =
        CqlResultStore.connect(
            CqlStoreConfig.builder()
                .contactPoints(List.of(fixture.cqlHost()))
                .localDatacenter(fixture.datacenter)
                .keyspace(fixture.keyspace)
                .autoMigrate(false)
                .build());
  }

  @AfterAll
  void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    if (nats != null) {
      nats.close();
    }
    if (runner != null) {
      runner.close();
    }
    fixture.cleanUp();
  }

  @Test
  @Order(1)
  void a_thousand_waits_complete_on_the_commit_notifications_through_one_subscription()
      throws Exception {
    System.out.println(
        "burst (all published at once): " + waitFor(newResults("wait-app-"), this::publish));
  }

  @Test
  @Order(2)
  void a_thousand_waits_on_results_arriving_at_a_steady_rate_complete_on_their_notifications()
      throws Exception {
    // The same, with the results published at 1 000 a second (a steady stream of a few million an
    // hour) instead of at once: commit -> done without the backlog of a burst that keeps the
    // database, NATS, the runner and this JVM busy on the same cores.
    System.out.println(
        "steady (1 000 a second): "
            + waitFor(newResults("paced-app-"), results -> publishPaced(results, 1_000)));
  }

  /** A publish of results whose every publish ack is awaited. */
  private interface Publisher {
    void publish(List<InvocationResult> results) throws Exception;
  }

  private static List<InvocationResult> newResults(String requestIdPrefix) {
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < WAITS; i++) {
      results.add(TestResults.result(requestIdPrefix + (i % 10), Instant.now()).build());
    }
    return results;
  }

  /**
   * Holds a wait on each result on one waiter, publishes them a second later, checks that every
   * wait completed with its result's summary by its notification, and returns the percentiles of
   * commit -> wait completed and of commit -> heard on another connection.
   */
  private String waitFor(List<InvocationResult> results, Publisher publisher) throws Exception {
    // The notifications as another connection of this JVM hears them, stamped before anything
    // else: commit -> heard is the runner's publish, NATS's delivery and this JVM's scheduling,
    // with no waiter code in it.
    Map<String, Instant> committedAt = new ConcurrentHashMap<>();
    Map<String, Instant> heardAt = new ConcurrentHashMap<>();
    Connection listening =
        Nats.connect(
            new Options.Builder()
                .server(fixture.natsUrl)
                .connectionName("result-wait-it-listener-" + fixture.id)
                .build());
    Dispatcher measuring =
        listening.createDispatcher(
            message -> {
              Instant heard = Instant.now();
              NatsResultWaiter.commitOf(message.getData())
                  .ifPresent(
                      commit -> {
                        committedAt.put(commit.invocationId(), commit.committedAt());
                        heardAt.put(commit.invocationId(), heard);
                      });
            });
    measuring.subscribe(fixture.prefix + ".stored.*");
    String waiterName = "result-wait-it-waiter-" + fixture.id + "-" + results.get(0).invocationId();
    Connection waiterConnection =
        Nats.connect(
            new Options.Builder().server(fixture.natsUrl).connectionName(waiterName).build());
    try (NatsResultWaiter waiter =
        NatsResultWaiter.builder(waiterConnection, store)
            .subjectPrefix(fixture.prefix)
            .fallbackInterval(Duration.ofHours(1))
            .start()) {
      int threadsBefore = Thread.activeCount();
      Map<String, Instant> completedAt = new ConcurrentHashMap<>();
      List<CompletableFuture<Optional<ResultSummary>>> waits = new ArrayList<>();
      for (InvocationResult result : results) {
        CompletableFuture<Optional<ResultSummary>> wait =
            waiter.await(result.invocationId(), Duration.ofSeconds(90)).toCompletableFuture();
        wait.thenRun(() -> completedAt.put(result.invocationId(), Instant.now()));
        waits.add(wait);
      }
      assertThat(waiter.waiting()).isEqualTo(results.size());
      assertThat(Thread.activeCount() - threadsBefore).as("no thread per wait").isLessThan(10);
      assertThat(subscriptionsOf(waiterName)).containsExactly(fixture.prefix + ".stored.*");

      Thread.sleep(1_000);
      publisher.publish(results);

      for (int i = 0; i < results.size(); i++) {
        assertThat(waits.get(i).get(90, TimeUnit.SECONDS))
            .as("completed by its notification (the fallback read is an hour away)")
            .contains(ResultSummary.of(results.get(i)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> heardAt.size() >= results.size());
      assertThat(waiter.waiting()).isZero();
      return "commit -> wait completed, "
          + results.size()
          + " waits: "
          + percentiles(results, committedAt, completedAt)
          + "; commit -> heard on another connection: "
          + percentiles(results, committedAt, heardAt);
    } finally {
      waiterConnection.close();
      listening.close();
    }
  }

  @Test
  @Order(3)
  void status_wait_and_delete_print_json_and_exit_with_their_codes() throws Exception {
    InvocationResult stored = TestResults.result("cli-app", Instant.now()).build();
    publish(List.of(stored));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.get(stored.invocationId()).toCompletableFuture().join().isPresent());

    RunnerProcess.Result status = cli("status", stored.invocationId());
    assertThat(status.status()).as(status.err()).isEqualTo(0);
    JsonNode json = JSON.readTree(status.out());
    assertThat(json.get("status").asText()).isEqualTo("stored");
    assertThat(json.get("summary").get("invocationID").asText()).isEqualTo(stored.invocationId());

    RunnerProcess.Result waited = cli("wait", stored.invocationId(), "--timeout", "5s");
    assertThat(waited.status()).as(waited.err()).isEqualTo(0);

    String missing = TestResults.invocationId();
    RunnerProcess.Result notYet = cli("wait", missing, "--timeout", "1s");
    assertThat(notYet.status()).as(notYet.err()).isEqualTo(3);
    assertThat(JSON.readTree(notYet.out()).get("status").asText()).isEqualTo("unknown");

    RunnerProcess.Result unconfirmed = cli("delete", stored.invocationId());
    assertThat(unconfirmed.status()).isEqualTo(2);
    assertThat(unconfirmed.err()).contains("--yes");
    RunnerProcess.Result deleted = cli("delete", stored.invocationId(), "--yes");
    assertThat(deleted.status()).as(deleted.err()).isEqualTo(0);
    assertThat(JSON.readTree(deleted.out()).get("deleted").asBoolean()).isTrue();
    assertThat(cli("status", stored.invocationId()).status()).isEqualTo(3);
  }

  @Test
  @Order(4)
  void status_says_dead_lettered_and_expired() throws Exception {
    String poison = TestResults.invocationId();
    nats.jetStream()
        .publish(
            fixture.prefix + ".result.poison-app",
            ("{\"version\":\"v1\",\"invocationID\":\""
                    + poison
                    + "\",\"serverlessRequestID\":\"poison-app\","
                    + "\"completedAt\":\"2026-07-13T09:41:16Z\"}")
                .getBytes(StandardCharsets.UTF_8));
    InvocationResult expiring =
        TestResults.result(
                "expiring-app", Instant.now().minus(Duration.ofHours(168)).plusSeconds(4))
            .build();
    publish(List.of(expiring));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(cli("status", poison).status()).isEqualTo(5));
    RunnerProcess.Result deadLettered = cli("status", poison);
    JsonNode json = JSON.readTree(deadLettered.out());
    assertThat(json.get("status").asText()).isEqualTo("dead_lettered");
    assertThat(json.get("failureClass").asText()).isEqualTo("malformed_message");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(cli("status", expiring.invocationId()).status()).isEqualTo(4));
  }

  /** p50, p95, p99 and max of {@code from} -> {@code to} over the results, in ms. */
  private static String percentiles(
      List<InvocationResult> results, Map<String, Instant> from, Map<String, Instant> to) {
    long[] micros =
        results.stream()
            .mapToLong(
                result ->
                    Duration.between(from.get(result.invocationId()), to.get(result.invocationId()))
                            .toNanos()
                        / 1_000)
            .sorted()
            .toArray();
    int n = micros.length;
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
        micros[n / 2] / 1000.0,
        micros[n * 95 / 100] / 1000.0,
        micros[n * 99 / 100] / 1000.0,
        micros[n - 1] / 1000.0);
  }

  private RunnerProcess.Result cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args[0], "--config", config.toString()));
    all.addAll(List.of(args).subList(1, args.length));
    return RunnerProcess.cli(all.toArray(String[]::new));
  }

  /** Publishes in the Go wire format, all at once, and waits for every publish ack. */
  private void publish(List<InvocationResult> results) {
    publishPaced(results, 0);
  }

  /**
   * Publishes in the Go wire format at {@code perSecond} on a fixed schedule (0: all at once) and
   * waits for every publish ack.
   */
  private void publishPaced(List<InvocationResult> results, int perSecond) {
    EventPublisher publisher = new EventPublisher(nats, fixture.stream, results.size());
    long start = System.nanoTime();
    long interval = perSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
    for (int i = 0; i < results.size(); i++) {
      long due = start + i * interval;
      for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
        LockSupport.parkNanos(due - now);
      }
      InvocationResult result = results.get(i);
      publisher.publish(
          EventPublisher.resultSubject(fixture.prefix, result.serverlessRequestId()),
          EventPublisher.resultMessageId(result.invocationId()),
          CODEC.encode(result));
    }
    publisher.flush();
  }

  /** The subjects the connection named {@code name} subscribes to, from the server's monitor. */
  private static List<String> subscriptionsOf(String name) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(MONITOR + "/connz?subs=1&limit=10000"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (JsonNode connection : JSON.readTree(response.body()).get("connections")) {
      if (name.equals(connection.path("name").asText())) {
        List<String> subjects = new ArrayList<>();
        connection.path("subscriptions_list").forEach(subject -> subjects.add(subject.asText()));
        return subjects;
      }
    }
    throw new AssertionError("no connection named " + name + " at " + MONITOR);
  }
}
