package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our rows as the Go side's reader sees them (a plain {@code SELECT} of the contract's column
 * list), and rows the Go writer wrote as our reader sees them.
 */
class GoReaderCompatibilityIT {
  /** The contract's columns, in the contract's order: what the Go reader selects. */
  private static final String GO_COLUMNS =
      "invocation_id, serverless_request_id, mode, state, failure_class, worker_name,"
          + " worker_namespace, status_code, content_type, headers, body_inline, body_bytes,"
          + " body_truncated, error, started_at, completed_at, stored_at";

  private static final int INLINE_LIMIT = 4096;
  private static String keyspace;
  private static CqlResultStore store;
  private static CqlSession session;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace)
                .maxInlineBodyBytes(INLINE_LIMIT)
                .chunkBytes(1024)
                .build());
    session = store.session();
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(session, keyspace);
    store.close();
  }

  @Test
  void a_row_we_write_reads_back_through_a_plain_select_of_the_go_columns() {
    InvocationResult result =
        TestResults.result(TestResults.requestId("go"), Instant.now().minusSeconds(5))
            .failureClass("framework_error")
            .error("boom")
            .build();
    assertThat(await(store.write(result))).isEqualTo(WriteOutcome.STORED);

    Row row = selectGoColumns(result.invocationId());

    assertThat(row.getString("invocation_id")).isEqualTo(result.invocationId());
    assertThat(row.getString("serverless_request_id")).isEqualTo(result.serverlessRequestId());
    assertThat(row.getString("mode")).isEqualTo("async");
    assertThat(row.getString("state")).isEqualTo("succeeded");
    assertThat(row.getString("failure_class")).isEqualTo("framework_error");
    assertThat(row.getString("worker_name")).isEqualTo(result.workerName());
    assertThat(row.getString("worker_namespace")).isEqualTo(result.workerNamespace());
    assertThat(row.getInt("status_code")).isEqualTo(200);
    assertThat(row.getString("content_type")).isEqualTo("application/json");
    assertThat(row.getMap("headers", String.class, String.class)).isEqualTo(result.headers());
    assertThat(bytes(row.getByteBuffer("body_inline"))).isEqualTo(result.body().toByteArray());
    assertThat(row.getLong("body_bytes")).isEqualTo(result.body().size());
    assertThat(row.getBoolean("body_truncated")).isFalse();
    assertThat(row.getString("error")).isEqualTo("boom");
    assertThat(row.getInstant("started_at")).isEqualTo(millis(result.startedAt()));
    assertThat(row.getInstant("completed_at")).isEqualTo(millis(result.completedAt()));
    assertThat(row.getInstant("stored_at")).isEqualTo(millis(result.storedAt()));
  }

  @Test
  void a_body_over_the_inline_limit_reads_as_truncated_to_the_go_reader_and_whole_to_ours() {
    String large = "\"" + "x".repeat(INLINE_LIMIT * 3) + "\"";
    InvocationResult result =
        TestResults.result(TestResults.requestId("go"), Instant.now())
            .body(RawJson.of(large))
            .build();
    await(store.write(result));

    Row row = selectGoColumns(result.invocationId());

    assertThat(row.isNull("body_inline")).isTrue();
    assertThat(row.getBoolean("body_truncated")).isTrue();
    assertThat(row.getLong("body_bytes")).isEqualTo(large.length());
    InvocationResult read = await(store.get(result.invocationId())).orElseThrow();
    assertThat(read.body().toString()).isEqualTo(large);
  }

  @Test
  void a_result_without_body_has_no_inline_body_and_zero_bytes() {
    InvocationResult result =
        TestResults.minimalResult(TestResults.requestId("go"), Instant.now()).build();
    await(store.write(result));

    Row row = selectGoColumns(result.invocationId());

    assertThat(row.isNull("body_inline")).isTrue();
    assertThat(row.getLong("body_bytes")).isZero();
    assertThat(row.getBoolean("body_truncated")).isFalse();
    assertThat(row.isNull("status_code")).isTrue();
    assertThat(row.getMap("headers", String.class, String.class)).isEmpty();
  }

  @Test
  void a_row_the_go_writer_wrote_reads_back_at_millisecond_precision() {
    String id = TestResults.invocationId();
    Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    insertGoRow(id, completedAt, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), false, 11);

    InvocationResult read = await(store.get(id)).orElseThrow();

    assertThat(read.mode()).isEqualTo(InvocationMode.SYNC);
    assertThat(read.state()).isEqualTo(InvocationState.SUCCEEDED);
    assertThat(read.body()).isEqualTo(RawJson.of("{\"ok\":true}"));
    assertThat(read.headers()).isEqualTo(Map.of("a", "b"));
    assertThat(read.completedAt()).isEqualTo(completedAt);
    assertThat(read.startedAt()).isEqualTo(completedAt.minusMillis(500));
    assertThat(read.storedAt()).isEqualTo(completedAt.plusMillis(2));
    assertThat(read.replySubject()).isNull();
  }

  @Test
  void a_body_the_go_writer_dropped_reads_as_no_body_with_its_size_in_the_summary() {
    String id = TestResults.invocationId();
    insertGoRow(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), null, true, 5_000_000);

    assertThat(await(store.get(id)).orElseThrow().body()).isNull();
    ResultSummary summary = await(store.getSummary(id)).orElseThrow();
    assertThat(summary.bodyBytes()).isEqualTo(5_000_000);
    assertThat(await(store.openBody(id))).isEmpty();
  }

  private static void insertGoRow(
      String id, Instant completedAt, byte[] body, boolean truncated, long bodyBytes) {
    session.execute(
        SimpleStatement.newInstance(
            "INSERT INTO "
                + keyspace
                + ".invocation_results ("
                + GO_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            id,
            "go-written",
            "sync",
            "succeeded",
            null,
            "worker-1",
            "workers",
            200,
            "application/json",
            Map.of("a", "b"),
            body == null ? null : ByteBuffer.wrap(body),
            bodyBytes,
            truncated,
            null,
            completedAt.minusMillis(500),
            completedAt,
            completedAt.plusMillis(2)));
  }

  private static Row selectGoColumns(String invocationId) {
    Row row =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT "
                        + GO_COLUMNS
                        + " FROM "
                        + keyspace
                        + ".invocation_results WHERE invocation_id = ?",
                    invocationId))
            .one();
    assertThat(row).as("row of %s", invocationId).isNotNull();
    return row;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
