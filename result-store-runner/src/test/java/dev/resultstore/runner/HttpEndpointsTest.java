package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.nats.FailureClass;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the endpoints on a loopback port; the readiness checks are plain flags here. */
class HttpEndpointsTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicBoolean sourceReady = new AtomicBoolean();
  private final RunnerMetrics metrics = new RunnerMetrics();
  private HttpEndpoints endpoints;
  private Readiness readiness;

  @BeforeEach
  void start() throws IOException {
    readiness = new Readiness(Duration.ofSeconds(1), Duration.ZERO);
    readiness.source(sourceReady::get);
    endpoints = HttpEndpoints.start("127.0.0.1", 0, readiness, metrics);
  }

  @AfterEach
  void stop() {
    endpoints.close();
  }

  @Test
  void healthz_answers_while_the_process_runs() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("ok");
  }

  @Test
  void readyz_is_503_until_every_check_passes() throws Exception {
    sourceReady.set(true);

    HttpResponse<String> response = get("/readyz");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("\"ready\":false", "\"nats\":true", "\"cql\":false");
  }

  @Test
  void metrics_are_prometheus_text_with_the_runner_meters() throws Exception {
    metrics.received();
    metrics.stored(Duration.ofMillis(12), Duration.ofSeconds(2), true);
    metrics.deadLettered(FailureClass.MALFORMED_MESSAGE);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body())
        .contains("result_store_received_total 1.0")
        .contains("result_store_stored_total 1.0")
        .contains("result_store_redelivered_total 1.0")
        .contains("result_store_dead_lettered_total{failure_class=\"malformed_message\"} 1.0")
        .contains("result_store_write_latency_seconds_count 1")
        .contains("result_store_end_to_end_lag_seconds_sum 2.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void pulls_ended_by_a_status_are_counted_by_code() throws Exception {
    metrics.pullStatus(409);
    metrics.pullStatus(408);
    metrics.pullStatus(408);

    assertThat(get("/metrics").body())
        .contains("result_store_pull_status_total{code=\"409\"} 1.0")
        .contains("result_store_pull_status_total{code=\"408\"} 2.0");
  }

  @Test
  void startupz_is_503_until_the_runner_connected_once_and_200_from_then_on() throws Exception {
    assertThat(get("/startupz").statusCode()).isEqualTo(503);

    readiness.markStarted();

    HttpResponse<String> started = get("/startupz");
    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(started.body()).contains("\"started\":true");
    sourceReady.set(false);
    assertThat(get("/startupz").statusCode()).isEqualTo(200);
  }

  @Test
  void the_latency_timers_publish_histogram_buckets_so_percentiles_aggregate() throws Exception {
    metrics.stored(Duration.ofMillis(12), Duration.ofSeconds(2), false);

    String body = get("/metrics").body();

    assertThat(body)
        .containsPattern("result_store_write_latency_seconds_bucket\\{le=\"0\\.0[0-9]+\"\\} 1")
        .contains("result_store_write_latency_seconds_bucket{le=\"+Inf\"} 1")
        .contains("result_store_end_to_end_lag_seconds_bucket{le=\"+Inf\"} 1");
  }

  @Test
  void build_info_names_the_version_and_the_commit() throws Exception {
    assertThat(get("/metrics").body())
        .containsPattern("result_store_build_info\\{commit=\"[^\"]+\",version=\"[^\"]+\"\\} 1");
  }

  @Test
  void both_dead_letter_classes_are_exported_from_zero_so_rates_start_at_once() throws Exception {
    assertThat(get("/metrics").body())
        .contains("result_store_dead_lettered_total{failure_class=\"malformed_message\"} 0.0")
        .contains("result_store_dead_lettered_total{failure_class=\"retry_exhausted\"} 0.0");
  }

  @Test
  void unknown_paths_are_404() throws Exception {
    assertThat(get("/healthzz").statusCode()).isEqualTo(404);
  }

  @Test
  void other_methods_are_405() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/healthz"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + endpoints.port() + path);
  }
}
