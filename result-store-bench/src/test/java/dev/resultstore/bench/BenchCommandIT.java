package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.core.testing.TestServices;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bench in-process against the real NATS and CQL servers with a small N, keeping what it
 * created so the counts can be checked in the servers themselves. No timing is asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchCommandIT {
  private static final int EVENTS = 2_000;
  private static final int SEED_EVENTS = 200;
  private static final int WAITS = 200;
  private static final int LARGE_MIX = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InetSocketAddress cql = TestServices.cqlContactPoint();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<String> streams = new ArrayList<>();
  private final List<String> keyspaces = new ArrayList<>();
  private final S3BodyStoreConfig objectStore =
      S3BodyStoreConfig.builder()
          .endpoint(TestServices.s3Endpoint())
          .bucket("bench-command-it")
          .accessKeyId(TestServices.s3AccessKey())
          .secretAccessKey(TestServices.s3SecretKey())
          .createBucket(true)
          .build();
  private CqlSession session;
  private int status;
  private JsonNode report;

  @BeforeAll
  void run_the_bench(@TempDir Path directory) throws IOException {
    session =
        CqlSession.builder()
            .addContactPoint(cql)
            .withLocalDatacenter(TestServices.cqlDatacenter())
            .build();
    Path reportFile = directory.resolve("report.json");
    BenchCommand command =
        new BenchCommand(
            file ->
                new BenchCommand.Target(
                    NatsSourceConfig.builder().servers(List.of(TestServices.natsUrl())).build(),
                    CqlStoreConfig.builder()
                        .contactPoints(List.of(cql.getHostString() + ":" + cql.getPort()))
                        .localDatacenter(TestServices.cqlDatacenter())
                        .keyspace("never_used_by_the_bench")
                        .build(),
                    objectStore));
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    status =
        commandLine.execute(
            "--events",
            Integer.toString(EVENTS),
            "--seed-events",
            Integer.toString(SEED_EVENTS),
            "--lookups",
            "500",
            "--waits",
            Integer.toString(WAITS),
            "--large-mix-events",
            Integer.toString(LARGE_MIX),
            "--keep",
            "--report",
            reportFile.toString());
    if (Files.exists(reportFile)) {
      report = JSON.readTree(Files.readString(reportFile));
      report.get("resources").get("streams").forEach(name -> streams.add(name.asText()));
      report.get("resources").get("keyspaces").forEach(name -> keyspaces.add(name.asText()));
    }
  }

  @AfterAll
  void remove_what_the_bench_kept() throws InterruptedException {
    try {
      Connection connection = Nats.connect(TestServices.natsUrl());
      try {
        for (String stream : streams) {
          try {
            connection.jetStreamManagement().deleteStream(stream);
          } catch (JetStreamApiException e) {
            // gone already
          }
        }
      } finally {
        connection.close();
      }
    } catch (IOException e) {
      // nothing to delete
    }
    if (session != null && report != null) {
      deleteTheLargeMixObjects(report.get("run_id").asText());
    }
    if (session != null) {
      for (String keyspace : keyspaces) {
        session.execute(
            SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
                .setTimeout(Duration.ofSeconds(120)));
      }
      session.close();
    }
  }

  @Test
  void the_bench_succeeds_and_prints_the_table_and_the_ratios() {
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("ceiling 1", "ours", "ceiling 2", "nats floor", "store direct", "seed")
        .contains("floor at ours", "ours / ceiling at best", "at ours' rate")
        .contains("ResultReader", "plain SELECT")
        .contains("ours / ceiling", "ours / seed", "lookup p99 / raw p99");
    assertThat(err.toString()).contains("] ours: done, 2000 in", "] seed: done, 200 in");
  }

  @Test
  void the_table_has_the_go_row_the_cost_ratios_and_the_latencies_under_load() {
    assertThat(out.toString())
        .contains("go row", "CQL us/res", "ours CQL CPU / go row's", "<= 1.30", ">= 1.80")
        .contains("under load", "50% of ours", "90% of ours")
        .contains("settings:", "scylla.maxInFlightWrites=");
  }

  @Test
  void the_go_row_writes_every_result_once_and_each_load_sees_every_result_stored_and_acked() {
    assertThat(report.get("counts").get("go_row_written").asLong()).isEqualTo(EVENTS);
    assertThat(report.get("steps").get("go_row").get("cpu_us_per_item").has("cql_server")).isTrue();
    JsonNode cost = report.get("cost");
    assertThat(cost.get("cql_cpu_us_per_result").get("go_row").asDouble()).isPositive();
    assertThat(cost.get("ratios").get("ours_cql_cpu_vs_go_row").get("value").asDouble())
        .isPositive();
    JsonNode levels = report.get("latency_under_load");
    assertThat(levels).hasSize(2);
    for (JsonNode level : levels) {
      long events = level.get("events").asLong();
      assertThat(events).as(level.toString()).isPositive();
      assertThat(level.get("complete").asBoolean()).as(level.toString()).isTrue();
      assertThat(level.get("stored").get("count").asLong()).isGreaterThanOrEqualTo(events);
      assertThat(level.get("acked").get("count").asLong()).isGreaterThanOrEqualTo(events);
      assertThat(level.get("acked").get("p50_ms").asDouble())
          .isGreaterThanOrEqualTo(level.get("stored").get("p50_ms").asDouble());
    }
  }

  @Test
  void the_report_has_the_keys_of_the_issue() {
    assertThat(report).isNotNull();
    assertThat(report.get("events").asInt()).isEqualTo(EVENTS);
    for (String key :
        List.of(
            "ours_per_s",
            "seed_per_s",
            "ceiling_per_s",
            "lookup_p99_ms",
            "raw_lookup_p99_ms",
            "peak_heap_mb")) {
      assertThat(report.get(key)).as(key).isNotNull();
      assertThat(report.get(key).asDouble()).as(key).isPositive();
    }
    assertThat(report.get("complete").asBoolean()).isTrue();
  }

  @Test
  void the_paced_floor_acks_no_faster_than_ours_stored() {
    double ours = report.get("ours_per_s").asDouble();
    double paced = report.get("nats_floor_paced_per_s").asDouble();

    assertThat(paced).isPositive().isLessThanOrEqualTo(ours * 1.01);
  }

  @Test
  void every_step_stored_every_event_by_its_own_counts() {
    JsonNode counts = report.get("counts");

    assertThat(counts.get("ours_stored").asLong() + counts.get("ours_expired").asLong())
        .isEqualTo(EVENTS);
    assertThat(counts.get("ours_dead_lettered").asLong()).isZero();
    assertThat(counts.get("ours_stream_left").asLong()).isZero();
    assertThat(counts.get("ceiling_written").asLong()).isEqualTo(EVENTS);
    assertThat(counts.get("ceiling_after_written").asLong()).isEqualTo(EVENTS);
    assertThat(counts.get("nats_floor_acked").asLong()).isEqualTo(EVENTS);
    assertThat(counts.get("nats_floor_paced_acked").asLong()).isEqualTo(EVENTS);
    assertThat(counts.get("store_direct_stored").asLong()).isEqualTo(EVENTS);
    assertThat(counts.get("seed_stored").asLong()).isEqualTo(SEED_EVENTS);
    assertThat(counts.get("lookups").asLong()).isEqualTo(500);
    assertThat(counts.get("raw_lookups").asLong()).isEqualTo(500);
    assertThat(counts.get("lookup_misses").asLong()).isZero();
    assertThat(report.get("lookups").get("reader").get("cpu_us_per_lookup").has("bench_jvm"))
        .isTrue();
    assertThat(report.get("lookups").get("raw_select").get("cpu_us_per_lookup").has("cql_server"))
        .isTrue();
  }

  @Test
  void ours_with_markers_off_stored_every_event_and_its_cost_share_is_reported() {
    assertThat(report.get("counts").get("ours_markers_off_stored").asLong()).isEqualTo(EVENTS);
    assertThat(report.get("ours_markers_off_per_s").asDouble()).isPositive();
    assertThat(report.get("ratios").get("expiry_marker_cost_share").has("value")).isTrue();
    assertThat(out.toString()).contains("markers off", "marker cost share");
  }

  @Test
  void every_wait_completed_on_its_notification_through_one_subscription() {
    JsonNode waits = report.get("waits");

    assertThat(waits.get("count").asInt()).isEqualTo(WAITS);
    assertThat(waits.get("completed").asLong()).isEqualTo(WAITS);
    assertThat(waits.get("subscriptions").asInt()).isEqualTo(1);
    assertThat(waits.get("p50_ms").asDouble()).isPositive();
    assertThat(waits.get("p99_ms").asDouble())
        .isGreaterThanOrEqualTo(waits.get("p50_ms").asDouble());
    assertThat(out.toString()).contains("commit->done");
  }

  @Test
  void the_large_mix_stored_every_result_both_ways_and_the_objects_went_to_the_object_store() {
    JsonNode mix = report.get("large_mix");
    String id = report.get("run_id").asText();

    assertThat(mix.get("events").asLong()).isEqualTo(LARGE_MIX);
    for (String path : List.of("cql_chunks", "object_store")) {
      assertThat(mix.get(path).get("items").asLong()).as(path).isEqualTo(LARGE_MIX);
      assertThat(mix.get(path).get("body_bytes").asLong()).as(path).isPositive();
      assertThat(mix.get(path).get("cpu_ms_per_mib").has("cql_server")).as(path).isTrue();
    }
    long large = mix.get("bands").get("large").get("results").asLong();
    assertThat(count("bench_" + id + "_large_cql", "invocation_results")).isEqualTo(LARGE_MIX);
    assertThat(count("bench_" + id + "_large_objects", "invocation_results")).isEqualTo(LARGE_MIX);
    long pointers =
        session
            .execute(
                SimpleStatement.newInstance(
                        "SELECT body_object_key FROM bench_"
                            + id
                            + "_large_objects.invocation_results")
                    .setTimeout(Duration.ofSeconds(60)))
            .all()
            .stream()
            .filter(row -> row.getString(0) != null)
            .count();
    assertThat(pointers)
        .as("bodies over the threshold (1 MiB): the 2 to 8 MiB band")
        .isEqualTo(large);
    assertThat(out.toString()).contains("large mix", "CQL chunks", "object store");
  }

  @Test
  void every_step_s_keyspace_holds_every_result_and_its_lookup_rows() {
    String id = report.get("run_id").asText();

    assertThat(count("bench_" + id + "_ours", "invocation_results")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_ceiling", "invocation_results")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_ceiling_after", "invocation_results")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_direct", "invocation_results")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_seed", "invocation_results")).isEqualTo(SEED_EVENTS);
    assertThat(count("bench_" + id + "_gorow", "invocation_results")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_gorow", "invocation_results_by_time")).isZero();
    long underLoad = 0;
    for (JsonNode level : report.get("latency_under_load")) {
      underLoad += level.get("events").asLong();
    }
    assertThat(count("bench_" + id + "_latency", "invocation_results")).isEqualTo(underLoad);
    assertThat(count("bench_" + id + "_ceiling", "invocation_results_by_time")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_ours", "invocation_results_by_time")).isEqualTo(EVENTS);
    assertThat(count("bench_" + id + "_ceiling", "invocation_results_by_request"))
        .isEqualTo(EVENTS);
  }

  @Test
  void the_ceiling_writes_the_same_rows_as_the_store() {
    String id = report.get("run_id").asText();
    List<Row> ours =
        session.execute("SELECT * FROM bench_" + id + "_ours.invocation_results LIMIT 300").all();
    assertThat(ours).hasSize(300);
    Set<String> storedAt = Set.of("stored_at", "stored_at_ns");
    int compared = 0;
    for (Row row : ours) {
      String invocationId = row.getString("invocation_id");
      Row ceiling = byId("SELECT * FROM bench_" + id + "_ceiling.invocation_results", invocationId);
      assertThat(ceiling).as(invocationId).isNotNull();
      for (ColumnDefinition column : row.getColumnDefinitions()) {
        String name = column.getName().asInternal();
        if (!storedAt.contains(name)) {
          assertThat(ceiling.getObject(name))
              .as(invocationId + " " + name)
              .isEqualTo(row.getObject(name));
          compared++;
        }
      }
      String writeTime = "SELECT WRITETIME(completed_at) FROM bench_" + id;
      assertThat(byId(writeTime + "_ceiling.invocation_results", invocationId).getLong(0))
          .as(invocationId + " write time")
          .isEqualTo(byId(writeTime + "_ours.invocation_results", invocationId).getLong(0));
    }
    assertThat(compared).isGreaterThan(300 * 15);
  }

  @Test
  void the_go_row_holds_the_contract_s_columns_as_ours_does() {
    String id = report.get("run_id").asText();
    List<Row> ours =
        session.execute("SELECT * FROM bench_" + id + "_ours.invocation_results LIMIT 300").all();
    int compared = 0;
    for (Row row : ours) {
      String invocationId = row.getString("invocation_id");
      Row goRow = byId("SELECT * FROM bench_" + id + "_gorow.invocation_results", invocationId);
      assertThat(goRow).as(invocationId).isNotNull();
      for (String column : GoRowStep.COLUMNS) {
        if (!column.equals("stored_at")) {
          assertThat(goRow.getObject(column))
              .as(invocationId + " " + column)
              .isEqualTo(row.getObject(column));
          compared++;
        }
      }
      assertThat(goRow.isNull("completed_at_ns")).as("only the contract's columns").isTrue();
    }
    assertThat(compared).isEqualTo(300 * 16);
  }

  @Test
  void the_wide_ceiling_writes_every_result_with_lookup_rows_that_carry_the_summary() {
    assertThat(report.get("counts").get("wide_ceiling_written").asLong()).isEqualTo(EVENTS);
    assertThat(report.get("cost").get("ratios").get("ours_vs_wide_ceiling").get("value").asDouble())
        .isPositive();
    assertThat(out.toString()).contains("wide ceiling", "ours / wide ceiling");
    String keyspace = "bench_" + report.get("run_id").asText() + "_wide_ceiling";
    List<Row> rows =
        session
            .execute(
                SimpleStatement.newInstance(
                        "SELECT invocation_id, serverless_request_id, state, mode, completed_at_ns"
                            + " FROM "
                            + keyspace
                            + ".invocation_results_by_time")
                    .setTimeout(Duration.ofSeconds(60)))
            .all();
    assertThat(rows).hasSize(EVENTS);
    for (Row row : rows) {
      Row result =
          byId(
              "SELECT serverless_request_id, state, mode FROM " + keyspace + ".invocation_results",
              row.getString("invocation_id"));
      assertThat(row.getString("serverless_request_id"))
          .isEqualTo(result.getString("serverless_request_id"));
      assertThat(row.getString("state")).isEqualTo(result.getString("state")).isNotNull();
      assertThat(row.getString("mode")).isEqualTo(result.getString("mode")).isNotNull();
    }
  }

  /** The bench kept them (--keep): the objects its rows point at, found by those rows. */
  private void deleteTheLargeMixObjects(String id) {
    try (S3BodyStore bodies =
        S3BodyStore.connect(
            objectStore.toBuilder()
                .keyPrefix(objectStore.keyPrefix() + "bench-" + id + "/")
                .build())) {
      for (Row row :
          session.execute(
              SimpleStatement.newInstance(
                      "SELECT invocation_id, body_object_key FROM bench_"
                          + id
                          + "_large_objects.invocation_results")
                  .setTimeout(Duration.ofSeconds(60)))) {
        if (row.getString(1) != null) {
          bodies.deleteAll(row.getString(0)).toCompletableFuture().join();
        }
      }
    } catch (RuntimeException e) {
      // best effort: the keyspace or the objects may be gone already
    }
  }

  private Row byId(String select, String invocationId) {
    return session
        .execute(SimpleStatement.newInstance(select + " WHERE invocation_id = ?", invocationId))
        .one();
  }

  private long count(String keyspace, String table) {
    return session
        .execute(
            SimpleStatement.newInstance("SELECT COUNT(*) FROM " + keyspace + "." + table)
                .setTimeout(Duration.ofSeconds(60)))
        .one()
        .getLong(0);
  }
}
