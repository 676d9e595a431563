package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TTLs counted from {@code completedAt}: rows of one result expire together, never extended. */
class RetentionIT {
  private static String keyspace;
  private static CqlResultStore store;
  private static CqlSession session;
  private static Lookups lookups;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store = connect(Duration.ofHours(1));
    session = store.session();
    lookups = new Lookups(store.config().lookupBucket(), store.config().timeShards());
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(session, keyspace);
    store.close();
  }

  private static CqlResultStore connect(Duration retention) {
    return CqlResultStore.connect(
        CqlTestStores.config(keyspace)
            .retention(retention)
            .maxInlineBodyBytes(1024)
            .chunkBytes(1024)
            .build());
  }

  @Test
  void every_row_of_a_result_expires_retention_after_its_completion() {
    try (CqlResultStore shortLived = connect(Duration.ofSeconds(4))) {
      InvocationResult result = withChunkedBody(Instant.now());

      assertThat(await(shortLived.write(result))).isEqualTo(WriteOutcome.STORED);
      assertThat(await(shortLived.get(result.invocationId()))).isPresent();
      assertThat(ttls(result)).hasSize(5).allSatisfy(ttl -> assertThat(ttl).isBetween(1, 4));

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(await(shortLived.get(result.invocationId()))).isEmpty();
                assertThat(ttls(result)).as("rows left in any table").isEmpty();
              });
    }
  }

  @Test
  void the_ttl_counts_from_completion_and_a_redelivery_does_not_extend_it() {
    InvocationResult result = withChunkedBody(Instant.now().minus(Duration.ofMinutes(20)));

    await(store.write(result));
    List<Integer> first = ttls(result);
    long firstWriteTime = stateWriteTime(result);
    await(store.write(result));
    List<Integer> second = ttls(result);

    int expected = 40 * 60;
    assertThat(first)
        .hasSize(5)
        .allSatisfy(ttl -> assertThat(ttl).isBetween(expected - 30, expected + 1));
    assertThat(second)
        .hasSize(5)
        .allSatisfy(ttl -> assertThat(ttl).isLessThanOrEqualTo(first.get(0) + 1));
    assertThat(stateWriteTime(result)).isEqualTo(firstWriteTime);
  }

  @Test
  void a_result_already_past_its_retention_is_not_written_at_all() {
    InvocationResult old = withChunkedBody(Instant.now().minus(Duration.ofHours(2)));

    assertThat(await(store.write(old))).isEqualTo(WriteOutcome.EXPIRED);

    assertThat(ttls(old)).isEmpty();
  }

  @Test
  void a_retention_of_zero_writes_without_ttl() {
    try (CqlResultStore forever = connect(Duration.ZERO)) {
      InvocationResult result = withChunkedBody(Instant.parse("2001-02-03T04:05:06.789Z"));

      assertThat(await(forever.write(result))).isEqualTo(WriteOutcome.STORED);

      assertThat(ttls(result)).hasSize(5).containsOnly(0);
    }
  }

  private static InvocationResult withChunkedBody(Instant completedAt) {
    return TestResults.result(TestResults.requestId("ttl"), completedAt)
        .body(RawJson.of("\"" + "t".repeat(1500) + "\""))
        .build();
  }

  /**
   * The TTL of every row of {@code result} (0 when it has none): the results row, its two chunks
   * and its two lookup rows; rows that are gone are missing from the list.
   */
  private static List<Integer> ttls(InvocationResult result) {
    String id = result.invocationId();
    long millis = result.completedAt().toEpochMilli();
    List<Integer> ttls = new ArrayList<>();
    collect(
        ttls,
        "SELECT TTL(state) FROM " + keyspace + ".invocation_results WHERE invocation_id = ?",
        id);
    collect(
        ttls,
        "SELECT TTL(data) FROM " + keyspace + ".invocation_results_bodies WHERE invocation_id = ?",
        id);
    collect(
        ttls,
        "SELECT TTL(completed_at_ns) FROM "
            + keyspace
            + ".invocation_results_by_request WHERE serverless_request_id = ? AND bucket = ?",
        result.serverlessRequestId(),
        lookups.bucket(millis));
    collect(
        ttls,
        "SELECT TTL(completed_at_ns) FROM "
            + keyspace
            + ".invocation_results_by_time WHERE bucket = ? AND shard = ? AND completed_at = ?"
            + " AND invocation_id = ?",
        lookups.bucket(millis),
        lookups.shard(id),
        Instant.ofEpochMilli(millis),
        id);
    return ttls;
  }

  private static void collect(List<Integer> ttls, String cql, Object... values) {
    for (Row row : session.execute(SimpleStatement.newInstance(cql, values))) {
      ttls.add(row.isNull(0) ? 0 : row.getInt(0));
    }
  }

  private static long stateWriteTime(InvocationResult result) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT WRITETIME(state) FROM "
                    + keyspace
                    + ".invocation_results WHERE invocation_id = ?",
                result.invocationId()))
        .one()
        .getLong(0);
  }
}
