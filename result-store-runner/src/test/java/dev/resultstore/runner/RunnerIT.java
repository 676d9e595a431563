package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar as a process against the real NATS and CQL servers, configured with a file in the Go
 * process's format: what it stores, what {@code get}, {@code query} and {@code dlq} print, what
 * {@code /metrics} counts, and the drain on SIGTERM. The tests run in order on one runner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerIT {
  private static final Path SAMPLES =
      Path.of("..", "result-store-core", "src", "test", "resources", "contract-samples");
  private static final String SUCCEEDED_ID = "inv-5f0c2a9e4b7d41c3a1e8d2f6b9c07a13";
  private static final String BIG_ID = "inv-00000000000000000000000000000b16";
  private static final int GENERATED = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path directory;

  private final ItFixture fixture = new ItFixture();
  private Path config;
  private Path samples;
  private String bigBody;
  private RunnerProcess runner;

  @BeforeAll
  void start() throws IOException {
    config = fixture.writeConfig(directory, fixture.cqlHost(), RunnerProcess.freePort());
    // The samples are from July 2026: keep them whatever today's date, so get can read them.
    Files.writeString(
        config, Files.readString(config).replace("scylla:\n", "scylla:\n  retention: 0s\n"));
    samples = Files.createDirectory(directory.resolve("samples"));
    try (var listing = Files.list(SAMPLES)) {
      for (Path sample : listing.toList()) {
        Files.copy(sample, samples.resolve(sample.getFileName()));
      }
    }
    bigBody = "{\"text\":\"" + "x".repeat(5_000) + "\",\"n\":[1,2.50,3e2]}";
    Files.writeString(
        samples.resolve("z-big-body.json"),
        "{\"version\":\"v1\",\"invocationID\":\""
            + BIG_ID
            + "\",\"serverlessRequestID\":\"big-bodies\",\"mode\":\"sync\",\"state\":\"succeeded\","
            + "\"statusCode\":200,\"contentType\":\"application/json\",\"body\":"
            + bigBody
            + ",\"startedAt\":\"0001-01-01T00:00:00Z\",\"completedAt\":\""
            + Instant.now()
            + "\"}");
    runner = RunnerProcess.start(config, directory.resolve("runner.log"), port());
  }

  @AfterAll
  void stop() {
    if (runner != null) {
      runner.close();
    }
    fixture.cleanUp();
  }

  @Test
  @Order(1)
  void becomes_ready_once_nats_and_cql_answer() throws Exception {
    await("/readyz 200")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(runner.isAlive()).as("runner alive; log:%n%s", runner.log()).isTrue();
              assertThat(runner.status("/readyz")).isEqualTo(200);
            });
    assertThat(runner.status("/healthz")).isEqualTo(200);
  }

  @Test
  @Order(2)
  void stores_what_is_published_in_the_go_wire_format() throws Exception {
    RunnerProcess.Result published =
        RunnerProcess.cli(
            "publish",
            "--config",
            config.toString(),
            "--samples",
            samples.toString(),
            "--generate",
            Integer.toString(GENERATED),
            "--request-ids",
            "it-app-a,it-app-b");

    assertThat(published.status()).as(published.err()).isZero();
    assertThat(published.out()).contains("published " + (GENERATED + 5) + " messages");
    await("every valid result stored")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(runner.metric("result_store_stored_total")).isEqualTo(GENERATED + 4.0));
    await("the malformed sample dead-lettered")
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(
                        labelled(
                            "result_store_dead_lettered_total",
                            "failure_class",
                            "malformed_message"))
                    .isEqualTo(1.0));
  }

  @Test
  @Order(3)
  void get_prints_the_stored_result_as_a_v1_event() throws Exception {
    RunnerProcess.Result result =
        RunnerProcess.cli("get", "--config", config.toString(), SUCCEEDED_ID);

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out().lines()).hasSize(1);
    assertThat(result.out())
        .contains("\"body\":{\"images\":[\"aGVsbG8=\"],\"elapsedMs\":812}")
        .contains("\"completedAt\":\"2026-07-13T09:41:16.123456789Z\"");
    JsonNode stored = JSON.readTree(result.out());
    JsonNode sample = JSON.readTree(SAMPLES.resolve("succeeded-sync.json").toFile());
    for (String field :
        List.of(
            "version",
            "invocationID",
            "serverlessRequestID",
            "mode",
            "state",
            "workerName",
            "workerNamespace",
            "statusCode",
            "contentType",
            "headers",
            "body",
            "startedAt",
            "completedAt")) {
      assertThat(stored.get(field)).as(field).isEqualTo(sample.get(field));
    }
  }

  @Test
  @Order(3)
  void get_returns_a_body_stored_in_chunks_whole() throws Exception {
    RunnerProcess.Result result = RunnerProcess.cli("get", "--config", config.toString(), BIG_ID);

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"body\":" + bigBody + ",");
  }

  @Test
  @Order(3)
  void get_of_an_unknown_invocation_says_so_on_one_line_and_exits_3_for_not_found()
      throws Exception {
    RunnerProcess.Result result =
        RunnerProcess.cli("get", "--config", config.toString(), "inv-does-not-exist");

    assertThat(result.status()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).contains("inv-does-not-exist");
  }

  @Test
  @Order(3)
  void query_lists_the_results_of_one_application_newest_first() throws Exception {
    RunnerProcess.Result result =
        RunnerProcess.cli(
            "query",
            "--config",
            config.toString(),
            "--request-id",
            "it-app-a",
            "--since",
            "1h",
            "--limit",
            "1000",
            "--output",
            "json");

    assertThat(result.status()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(GENERATED / 2);
    // Newest first at millisecond precision (CQL's), ties by invocation id ascending.
    Instant previous = Instant.MAX;
    String previousId = "";
    for (String line : lines) {
      JsonNode summary = JSON.readTree(line);
      assertThat(summary.get("serverlessRequestID").asText()).isEqualTo("it-app-a");
      assertThat(summary.has("body")).isFalse();
      Instant completedAt =
          Instant.parse(summary.get("completedAt").asText()).truncatedTo(ChronoUnit.MILLIS);
      String id = summary.get("invocationID").asText();
      assertThat(completedAt).isBeforeOrEqualTo(previous);
      if (completedAt.equals(previous)) {
        assertThat(id).isGreaterThan(previousId);
      }
      previous = completedAt;
      previousId = id;
    }
  }

  @Test
  @Order(3)
  void query_prints_a_table_and_honours_an_explicit_window_and_limit() throws Exception {
    RunnerProcess.Result result =
        RunnerProcess.cli(
            "query",
            "--config",
            config.toString(),
            "--request-id",
            "sd-webui",
            "--from",
            "2026-07-13T00:00:00Z",
            "--to",
            "2026-07-14T00:00:00Z");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out().lines()).hasSize(2);
    assertThat(result.out())
        .startsWith("COMPLETED AT")
        .contains(SUCCEEDED_ID)
        .contains("succeeded");

    RunnerProcess.Result limited =
        RunnerProcess.cli(
            "query", "--config", config.toString(), "--since", "1h", "--limit", "7", "--json");
    assertThat(limited.out().lines()).hasSize(7);
  }

  @Test
  @Order(4)
  void metrics_count_what_was_stored() throws Exception {
    assertThat(runner.metric("result_store_stored_total")).isEqualTo(GENERATED + 4.0);
    assertThat(runner.metric("result_store_received_total"))
        .isGreaterThanOrEqualTo(GENERATED + 5.0);
    assertThat(runner.metric("result_store_write_latency_seconds_count"))
        .isEqualTo(GENERATED + 4.0);
    assertThat(runner.metric("result_store_end_to_end_lag_seconds_count"))
        .isEqualTo(GENERATED + 4.0);
    assertThat(runner.metric("result_store_ready")).isEqualTo(1.0);
    assertThat(runner.metric("result_store_in_flight")).isZero();
    String metrics = runner.get("/metrics").body();
    assertThat(metrics)
        .contains("# TYPE result_store_stored_total counter", "jvm_memory_used_bytes");
  }

  @Test
  @Order(5)
  @SuppressWarnings("try") // Connection.close() may throw InterruptedException: the test fails
  void dlq_list_shows_the_dead_letter_and_replay_republishes_a_dead_letter_after_a_fix()
      throws Exception {
    RunnerProcess.Result listed = RunnerProcess.cli("dlq", "list", "--config", config.toString());
    assertThat(listed.status()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("malformed_message").contains("inv-broken");

    // A dead letter as the Go writer leaves it after a store outage: the payload is a good event.
    String invocationId = "inv-" + fixture.id + "0000000000000000000000";
    String payload =
        "{\"version\":\"v1\",\"invocationID\":\""
            + invocationId
            + "\",\"serverlessRequestID\":\"replayed-app\",\"mode\":\"async\","
            + "\"state\":\"succeeded\",\"body\":{\"ok\":true},\"startedAt\":\"0001-01-01T00:00:00Z\","
            + "\"completedAt\":\""
            + Instant.now()
            + "\"}";
    String deadLetter =
        "{\"version\":\"v1\",\"source\":\"result\",\"state\":\"dead_lettered\","
            + "\"failureClass\":\"retry_exhausted\",\"invocationID\":\""
            + invocationId
            + "\",\"serverlessRequestID\":\"replayed-app\",\"originalSubject\":\""
            + fixture.prefix
            + ".result.replayed-app\",\"stream\":\""
            + fixture.stream
            + "\",\"consumer\":\"go\",\"streamSequence\":1,\"consumerSequence\":1,"
            + "\"deliveryCount\":5,\"error\":\"scylla: timeout\",\"payload\":"
            + payload
            + ",\"failedAt\":\""
            + Instant.now()
            + "\"}";
    try (Connection connection = Nats.connect(fixture.natsUrl)) {
      Headers headers = new Headers().put("Nats-Msg-Id", "dlq-result-" + invocationId + "-1");
      connection
          .jetStream()
          .publish(
              fixture.prefix + ".dlq.result.replayed-app",
              headers,
              deadLetter.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(RunnerProcess.cli("get", "--config", config.toString(), invocationId).status())
        .as("not stored before the replay")
        .isEqualTo(3);

    RunnerProcess.Result listedAsJson =
        RunnerProcess.cli("dlq", "list", "--config", config.toString(), "--output", "json");
    assertThat(listedAsJson.status()).as(listedAsJson.err()).isZero();
    JsonNode letter =
        listedAsJson
            .out()
            .lines()
            .map(RunnerIT::json)
            .filter(node -> invocationId.equals(node.path("invocationID").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(letter.path("failureClass").asText()).isEqualTo("retry_exhausted");
    assertThat(letter.path("error").asText()).isEqualTo("scylla: timeout");
    assertThat(letter.path("replayable").asBoolean()).isTrue();

    RunnerProcess.Result dry =
        RunnerProcess.cli(
            "dlq",
            "replay",
            "--config",
            config.toString(),
            "--class",
            "retry_exhausted",
            "--dry-run");
    assertThat(dry.out()).contains("would replay " + invocationId).doesNotContain("inv-broken");

    RunnerProcess.Result replayed =
        RunnerProcess.cli(
            "dlq", "replay", "--config", config.toString(), "--invocation-id", invocationId);
    assertThat(replayed.status()).as(replayed.err()).isZero();
    assertThat(replayed.out()).contains("replayed 1 dead letters");
    await("the replayed payload stored")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                RunnerProcess.cli("get", "--config", config.toString(), invocationId).status()
                    == 0);

    RunnerProcess.Result again =
        RunnerProcess.cli(
            "dlq", "replay", "--config", config.toString(), "--invocation-id", invocationId);
    assertThat(again.out()).contains("replayed 0 dead letters").contains("1 already replayed");

    RunnerProcess.Result none =
        RunnerProcess.cli(
            "dlq", "replay", "--config", config.toString(), "--invocation-id", "inv-none");
    assertThat(none.status()).as("a filter that matches nothing: not found").isEqualTo(3);
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @Order(9)
  void sigterm_drains_and_exits_0_and_a_new_instance_stores_what_was_left() throws Exception {
    RunnerProcess.Result published =
        RunnerProcess.cli(
            "publish",
            "--config",
            config.toString(),
            "--generate",
            "300",
            "--request-ids",
            "it-drain");
    assertThat(published.status()).as(published.err()).isZero();

    int status = runner.terminate(Duration.ofSeconds(90));

    assertThat(status).as(runner.log()).isZero();
    assertThat(runner.log()).contains("Stopping: draining").contains("Stopped");
    try (RunnerProcess second =
        RunnerProcess.start(config, directory.resolve("second.log"), port())) {
      runner = second;
      await("all 300 stored by the second instance")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                RunnerProcess.Result query =
                    RunnerProcess.cli(
                        "query",
                        "--config",
                        config.toString(),
                        "--request-id",
                        "it-drain",
                        "--since",
                        "1h",
                        "--limit",
                        "1000",
                        "--json");
                assertThat(query.out().lines()).hasSize(300);
              });
    }
  }

  private int port() throws IOException {
    String text = Files.readString(config);
    Matcher matcher = Pattern.compile("port: (\\d+)").matcher(text);
    assertThat(matcher.find()).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private double labelled(String name, String label, String value) throws InterruptedException {
    var response = runner.get("/metrics");
    if (response == null) {
      return -1;
    }
    String prefix = name + "{" + label + "=\"" + value + "\"";
    for (String line : response.body().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
