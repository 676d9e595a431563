package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner started on the Go runtime's own result-store files, byte for byte as shipped but for
 * their hosts, against the real NATS and CQL servers: it becomes ready, stores a result that
 * completed months ago (the Go store keeps results forever, and so do we when no retention is set),
 * says so in its log, and {@code get} reads the result back. The names of the stream, subjects,
 * consumer and keyspace come from environment overrides, so that no other test shares them; the
 * files are not edited for it.
 */
class GoConfigFilesIT {
  private static final Path SAMPLES =
      Path.of("..", "result-store-core", "src", "test", "resources", "contract-samples");
  private static final String SAMPLE_ID = "inv-5f0c2a9e4b7d41c3a1e8d2f6b9c07a13";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  @Test
  void the_local_result_store_file_starts_the_runner_and_stores_a_result() throws Exception {
    startsAndStores(GoConfigFiles.local());
  }

  @Test
  void the_process_config_section_starts_the_runner_and_stores_a_result() throws Exception {
    startsAndStores(GoConfigFiles.processConfigSection());
  }

  private void startsAndStores(String goFile) throws Exception {
    ItFixture fixture = new ItFixture();
    Path config =
        Files.writeString(
            directory.resolve("result-store.yaml"),
            GoConfigFiles.withHosts(goFile, fixture.natsUrl, fixture.cqlHost()));
    int port = RunnerProcess.freePort();
    Map<String, String> names =
        Map.of(
            "RESULT_STORE_CONSUMER_NAME", fixture.consumer,
            "RESULT_STORE_SERVERLESS_SUBJECT_PREFIX", fixture.prefix,
            "RESULT_STORE_SERVERLESS_STREAM_NAME", fixture.stream,
            "RESULT_STORE_SCYLLA_KEYSPACE", fixture.keyspace,
            "RESULT_STORE_HTTP_HOST", "127.0.0.1",
            "RESULT_STORE_HTTP_PORT", Integer.toString(port));
    Path samples = Files.createDirectory(directory.resolve("samples"));
    Files.copy(SAMPLES.resolve("succeeded-sync.json"), samples.resolve("succeeded-sync.json"));
    try (RunnerProcess runner =
        RunnerProcess.start(config, directory.resolve("runner.log"), port, names)) {
      await("/readyz 200")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(runner.isAlive()).as("runner alive; log:%n%s", runner.log()).isTrue();
                assertThat(runner.status("/readyz")).isEqualTo(200);
              });

      RunnerProcess.Result published =
          RunnerProcess.cli(
              names, "publish", "--config", config.toString(), "--samples", samples.toString());
      assertThat(published.status()).as(published.err()).isZero();
      await("the sample stored")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> runner.metric("result_store_stored_total") >= 1);

      RunnerProcess.Result got =
          RunnerProcess.cli(names, "get", "--config", config.toString(), SAMPLE_ID);
      assertThat(got.status()).as(got.err()).isZero();
      JsonNode stored = JSON.readTree(got.out());
      assertThat(stored.get("completedAt").asText()).isEqualTo("2026-07-13T09:41:16.123456789Z");
      assertThat(runner.log())
          .contains("Results are kept forever")
          .contains("scylla.retention")
          .doesNotContain("Ignoring unknown configuration key")
          .doesNotContain("Ignoring environment variable");
    } finally {
      fixture.cleanUp();
    }
  }
}
