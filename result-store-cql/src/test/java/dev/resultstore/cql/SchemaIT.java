package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import dev.resultstore.core.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating the schema, adding to the Go side's table, and checking it with autoMigrate off. */
class SchemaIT {
  /** The results table as the Go side creates it: the contract's columns only. */
  private static final String GO_TABLE =
      "CREATE TABLE %s.invocation_results (invocation_id text PRIMARY KEY,"
          + " serverless_request_id text, mode text, state text, failure_class text,"
          + " worker_name text, worker_namespace text, status_code int, content_type text,"
          + " headers map<text, text>, body_inline blob, body_bytes %s, body_truncated boolean,"
          + " error text, started_at timestamp, completed_at timestamp, stored_at timestamp)";

  private static CqlSession session;
  private String keyspace;

  @BeforeAll
  static void openSession() {
    session = CqlTestStores.plainSession();
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  @BeforeEach
  void pickKeyspace() {
    keyspace = CqlTestStores.uniqueKeyspace();
  }

  @AfterEach
  void dropKeyspace() {
    CqlTestStores.drop(session, keyspace);
  }

  @Test
  void with_auto_migrate_off_a_missing_keyspace_fails_naming_it() {
    CqlStoreConfig config = CqlTestStores.config(keyspace).autoMigrate(false).build();

    assertThatThrownBy(() -> CqlResultStore.connect(config))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining("autoMigrate is off")
        .hasMessageContaining("keyspace " + keyspace + " is missing");
  }

  @Test
  void with_auto_migrate_off_every_missing_table_column_and_wrong_type_is_listed_in_one_message() {
    createKeyspace();
    session.execute(String.format(GO_TABLE, keyspace, "int"));
    CqlStoreConfig config = CqlTestStores.config(keyspace).autoMigrate(false).build();

    assertThatThrownBy(() -> CqlResultStore.connect(config))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining("autoMigrate is off")
        .hasMessageContaining("table " + keyspace + ".invocation_results_bodies is missing")
        .hasMessageContaining("table " + keyspace + ".invocation_results_by_request is missing")
        .hasMessageContaining("table " + keyspace + ".invocation_results_by_time is missing")
        .hasMessageContaining(
            "column " + keyspace + ".invocation_results.started_at_ns bigint is missing")
        .hasMessageContaining(
            "column " + keyspace + ".invocation_results.completed_at_ns bigint is missing")
        .hasMessageContaining(
            "column " + keyspace + ".invocation_results.stored_at_ns bigint is missing")
        .hasMessageContaining(
            "column " + keyspace + ".invocation_results.body_chunks int is missing")
        .hasMessageContaining(
            "column "
                + keyspace
                + ".invocation_results.body_bytes has the type int, expected bigint")
        .hasMessageContaining("docs/cql.md");
  }

  @Test
  void auto_migrate_adds_our_columns_to_the_go_sides_table_and_keeps_its_rows() {
    createKeyspace();
    session.execute(String.format(GO_TABLE, keyspace, "bigint"));
    session.execute(
        "INSERT INTO "
            + keyspace
            + ".invocation_results (invocation_id, serverless_request_id, mode, state,"
            + " body_bytes, body_truncated, started_at, completed_at, stored_at) VALUES"
            + " ('inv-go', 'go-app', 'async', 'failed', 0, false, '2026-01-02T03:04:05.678Z',"
            + " '2026-01-02T03:04:06.789Z', '2026-01-02T03:04:07.000Z')");

    try (CqlResultStore store =
        CqlResultStore.connect(CqlTestStores.config(keyspace).retention(Duration.ZERO).build())) {
      assertThat(await(store.get("inv-go")).orElseThrow().completedAt())
          .isEqualTo(Instant.parse("2026-01-02T03:04:06.789Z"));
      InvocationResult ours =
          TestResults.result(TestResults.requestId("schema"), Instant.now()).build();
      assertThat(await(store.write(ours))).isEqualTo(WriteOutcome.STORED);
      assertThat(await(store.get(ours.invocationId()))).isPresent();
    }
    try (CqlResultStore checked =
        CqlResultStore.connect(CqlTestStores.config(keyspace).autoMigrate(false).build())) {
      assertThat(await(checked.getSummary("inv-go"))).isPresent();
    }
  }

  @Test
  void auto_migrate_creates_the_keyspace_with_network_topology_when_datacenters_are_given() {
    String datacenter = TestServices.cqlDatacenter();
    CqlStoreConfig config =
        CqlTestStores.config(keyspace).replication(Map.of(datacenter, 1)).build();

    try (CqlResultStore store = CqlResultStore.connect(config)) {
      Row row =
          session
              .execute(
                  "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = '"
                      + keyspace
                      + "'")
              .one();
      Map<String, String> replication = row.getMap(0, String.class, String.class);
      assertThat(replication.get("class")).endsWith("NetworkTopologyStrategy");
      assertThat(replication).containsEntry(datacenter, "1");
      assertThat(store.config().replication()).containsEntry(datacenter, 1);
    }
  }

  @Test
  void auto_migrate_creates_time_window_compaction_for_expiring_tables() {
    try (CqlResultStore store =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace).retention(Duration.ofDays(7)).build())) {
      assertThat(store.config().retention()).isEqualTo(Duration.ofDays(7));
      for (String table :
          new String[] {
            "invocation_results",
            "invocation_results_bodies",
            "invocation_results_by_request",
            "invocation_results_by_time"
          }) {
        Row row =
            session
                .execute(
                    "SELECT compaction, gc_grace_seconds FROM system_schema.tables WHERE"
                        + " keyspace_name = '"
                        + keyspace
                        + "' AND table_name = '"
                        + table
                        + "'")
                .one();
        assertThat(row.getMap(0, String.class, String.class).get("class"))
            .as(table)
            .endsWith("TimeWindowCompactionStrategy");
        assertThat(row.getInt(1)).isEqualTo(Schema.GC_GRACE_SECONDS);
      }
    }
  }

  private void createKeyspace() {
    session.execute(
        "CREATE KEYSPACE "
            + keyspace
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  }
}
