package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What delete and the expiry marker leave in the tables, read past the store. */
class ResultLifecycleIT {
  private static String keyspace;
  private static CqlResultStore store;
  private static CqlResultStore withoutMarkers;
  private static CqlSession session;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace)
                .retention(Duration.ofDays(7))
                .retention(InvocationState.FAILED, Duration.ofDays(30))
                .expiryMarkerRetention(Duration.ofDays(2))
                .build());
    withoutMarkers =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace).expiryMarkerRetention(Duration.ZERO).build());
    session = store.session();
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(session, keyspace);
    withoutMarkers.close();
    store.close();
  }

  @Test
  void delete_leaves_no_chunk_lookup_or_status_row_of_a_chunked_result() {
    InvocationResult result =
        TestResults.result(TestResults.requestId("delete"), Instant.now())
            .body(RawJson.of("\"" + "y".repeat(3 * 1024 * 1024) + "\""))
            .build();
    await(store.write(result));
    assertThat(count("invocation_results_bodies", result.invocationId())).isGreaterThan(1);
    assertThat(count("invocation_results_status", result.invocationId())).isEqualTo(1);

    assertThat(await(store.delete(result.invocationId()))).isTrue();

    assertThat(count("invocation_results", result.invocationId())).isZero();
    assertThat(count("invocation_results_bodies", result.invocationId())).isZero();
    assertThat(count("invocation_results_status", result.invocationId())).isZero();
    assertThat(
            session
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT invocation_id FROM "
                            + keyspace
                            + ".invocation_results_by_request WHERE serverless_request_id = ?"
                            + " ALLOW FILTERING",
                        result.serverlessRequestId()))
                .all())
        .isEmpty();
  }

  @Test
  void the_expiry_marker_says_when_the_result_expires_and_outlives_it() {
    Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    InvocationResult failed =
        TestResults.minimalResult(TestResults.requestId("marker"), completedAt).build();

    await(store.write(failed));

    Row marker =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT expires_at, TTL(expires_at) FROM "
                        + keyspace
                        + ".invocation_results_status WHERE invocation_id = ?",
                    failed.invocationId()))
            .one();
    Row row =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT TTL(state) FROM "
                        + keyspace
                        + ".invocation_results WHERE invocation_id = ?",
                    failed.invocationId()))
            .one();
    assertThat(marker.getInstant(0)).isEqualTo(completedAt.plus(Duration.ofDays(30)));
    assertThat(row.getInt(0)).isBetween(30 * 86_400 - 60, 30 * 86_400);
    assertThat(marker.getInt(1) - row.getInt(0)).isBetween(2 * 86_400 - 60, 2 * 86_400 + 60);
  }

  @Test
  void without_markers_a_write_leaves_no_status_row() {
    InvocationResult result =
        TestResults.result(TestResults.requestId("nomarker"), Instant.now()).build();

    await(withoutMarkers.write(result));

    assertThat(count("invocation_results", result.invocationId())).isEqualTo(1);
    assertThat(count("invocation_results_status", result.invocationId())).isZero();
  }

  private long count(String table, String invocationId) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT count(*) FROM " + keyspace + "." + table + " WHERE invocation_id = ?",
                invocationId))
        .one()
        .getLong(0);
  }
}
