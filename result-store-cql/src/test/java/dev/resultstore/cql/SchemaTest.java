package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {
  private final Schema schema =
      new Schema(CqlStoreConfig.builder().retention(Duration.ofDays(7)).build());

  @Test
  void the_results_table_has_the_go_columns_first_then_ours() {
    assertThat(schema.createTableCql(schema.results()))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS runtime_serverless.invocation_results (
              invocation_id text,
              serverless_request_id text,
              mode text,
              state text,
              failure_class text,
              worker_name text,
              worker_namespace text,
              status_code int,
              content_type text,
              headers map<text, text>,
              body_inline blob,
              body_bytes bigint,
              body_truncated boolean,
              error text,
              started_at timestamp,
              completed_at timestamp,
              stored_at timestamp,
              started_at_ns bigint,
              completed_at_ns bigint,
              stored_at_ns bigint,
              body_chunks int,
              PRIMARY KEY (invocation_id)
            ) WITH compaction = {'class': 'TimeWindowCompactionStrategy',\
             'compaction_window_unit': 'HOURS', 'compaction_window_size': '7'}
              AND gc_grace_seconds = 10800""");
  }

  @Test
  void lookup_tables_cluster_newest_first_with_composite_partitions() {
    assertThat(schema.createTableCql(schema.byTime()))
        .contains("PRIMARY KEY ((bucket, shard), completed_at, invocation_id)")
        .contains("WITH CLUSTERING ORDER BY (completed_at DESC, invocation_id ASC)\n  AND")
        .doesNotContain("body_inline");
    assertThat(schema.createTableCql(schema.byRequest()))
        .contains("PRIMARY KEY ((serverless_request_id, bucket), completed_at, invocation_id)");
    assertThat(schema.createTableCql(schema.bodies()))
        .contains("PRIMARY KEY (invocation_id, chunk_index)");
  }

  @Test
  void the_keyspace_uses_simple_strategy_or_network_topology() {
    assertThat(schema.createKeyspaceCql())
        .isEqualTo(
            "CREATE KEYSPACE IF NOT EXISTS runtime_serverless WITH replication ="
                + " {'class': 'SimpleStrategy', 'replication_factor': '1'}");
    Schema multiDc =
        new Schema(CqlStoreConfig.builder().replication(Map.of("eu", 3, "us", 2)).build());
    assertThat(multiDc.createKeyspaceCql())
        .isEqualTo(
            "CREATE KEYSPACE IF NOT EXISTS runtime_serverless WITH replication ="
                + " {'class': 'NetworkTopologyStrategy', 'eu': '3', 'us': '2'}");
  }

  @Test
  void about_24_compaction_windows_span_the_retention_and_none_without_retention() {
    assertThat(Schema.tableOptions(Duration.ofDays(7))).contains("'compaction_window_size': '7'");
    assertThat(Schema.tableOptions(Duration.ofDays(30))).contains("'compaction_window_size': '30'");
    assertThat(Schema.tableOptions(Duration.ofHours(1))).contains("'compaction_window_size': '1'");
    assertThat(Schema.tableOptions(Duration.ZERO)).isEmpty();
    Schema forever = new Schema(CqlStoreConfig.builder().retention(Duration.ZERO).build());
    assertThat(forever.createTableCql(forever.bodies())).endsWith(")").doesNotContain("WITH");
  }

  @Test
  void every_statement_binds_its_values_and_writes_with_timestamp_and_ttl() {
    List<String> cql = Statements.cql(schema);

    assertThat(cql).hasSize(20);
    assertThat(cql.subList(0, 4))
        .allSatisfy(insert -> assertThat(insert).endsWith("USING TIMESTAMP ? AND TTL ?"));
    assertThat(cql.subList(4, 12)).allSatisfy(read -> assertThat(read).startsWith("SELECT "));
    assertThat(cql.subList(12, 14))
        .allSatisfy(mark -> assertThat(mark).contains(" USING TIMESTAMP ? AND TTL ? SET "));
    assertThat(cql.get(14)).startsWith("SELECT ");
    assertThat(cql.subList(15, 20))
        .allSatisfy(
            delete ->
                assertThat(delete)
                    .startsWith("DELETE FROM ")
                    .contains(" USING TIMESTAMP ? WHERE "));
    assertThat(cql).allSatisfy(statement -> assertThat(statement).doesNotContain("'"));
  }
}
