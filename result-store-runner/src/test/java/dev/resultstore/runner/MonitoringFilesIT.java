package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the runner against the real services, scrapes {@code /metrics}, and checks that every
 * metric the Grafana dashboard and the alert rules use exists: a renamed or removed metric fails
 * here, not on an operator's empty panel or silent alert.
 */
class MonitoringFilesIT {
  @TempDir Path directory;

  private final ItFixture fixture = new ItFixture();

  @AfterEach
  void cleanUp() {
    fixture.cleanUp();
  }

  @Test
  void every_metric_the_dashboard_and_the_alerts_use_is_exported_by_a_running_runner()
      throws Exception {
    int port = RunnerProcess.freePort();
    Path config = fixture.writeConfig(directory, fixture.cqlHost(), port);
    Set<String> exported;
    try (RunnerProcess runner =
        RunnerProcess.start(config, directory.resolve("runner.log"), port)) {
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(runner.status("/readyz")).isEqualTo(200));
      // The driver's request timer and the GC timer appear with their first sample.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(sampleNames(runner.get("/metrics")))
                      .contains("cassandra_session_cql_requests_seconds_bucket"));
      exported = sampleNames(runner.get("/metrics"));
    }
    Set<String> used = new TreeSet<>();
    MonitoringFiles.dashboardExpressions()
        .forEach(e -> used.addAll(MonitoringFiles.metricNames(e)));
    MonitoringFiles.ruleExpressions().forEach(e -> used.addAll(MonitoringFiles.metricNames(e)));

    assertThat(used).hasSizeGreaterThan(20);
    assertThat(exported).as("metrics on /metrics").containsAll(used);
  }

  /** The sample names of a Prometheus text exposition. */
  private static Set<String> sampleNames(HttpResponse<String> response) {
    assertThat(response).isNotNull();
    return response
        .body()
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
