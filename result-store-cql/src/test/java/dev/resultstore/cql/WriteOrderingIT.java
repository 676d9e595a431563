package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.testing.TestResults;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two different results for one invocation, in both arrival orders: the later completion wins
 * everywhere a reader looks (results row, body chunks, both queries), and each statement's write
 * timestamp is the result's {@code completedAt}. The older version's lookup rows stay in the lookup
 * tables (the writer reads nothing first); queries check each listed row against the results row.
 */
class WriteOrderingIT {
  private static final int CHUNK = 1024;
  private static String keyspace;
  private static CqlResultStore store;
  private static CqlSession session;
  private static Lookups lookups;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace).maxInlineBodyBytes(2048).chunkBytes(CHUNK).build());
    session = store.session();
    lookups = new Lookups(store.config().lookupBucket(), store.config().timeShards());
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(session, keyspace);
    store.close();
  }

  @Test
  void a_late_older_result_changes_nothing_a_reader_sees() throws IOException {
    InvocationResult older = older(9 * CHUNK);
    InvocationResult newer = newerThan(older, 5 * CHUNK);

    await(store.write(newer));
    await(store.write(older));

    assertOnlyNewerIsVisible(newer, older);
    assertThat(chunkWriteTimes(newer.invocationId()).subList(0, 5))
        .as("the newer body's 5 chunks win over the older body's first 5")
        .containsOnly(micros(newer));
  }

  @Test
  void a_newer_result_under_another_request_id_is_not_listed_under_the_old_one() {
    InvocationResult older = older(100);
    InvocationResult newer =
        TestResults.result(TestResults.requestId("moved"), older.completedAt().plusMillis(40))
            .invocationId(older.invocationId())
            .build();

    await(store.write(older));
    await(store.write(newer));

    TimeWindow window =
        new TimeWindow(
            older.completedAt().minus(Duration.ofMinutes(5)),
            older.completedAt().plus(Duration.ofMinutes(5)));
    assertThat(lookupRows(older))
        .as("the older version's lookup rows are still there")
        .extracting(row -> row.getInstant("completed_at"))
        .contains(older.completedAt().truncatedTo(ChronoUnit.MILLIS));
    assertThat(
            await(store.queryByRequest(older.serverlessRequestId(), window, PageRequest.first(10)))
                .items())
        .as("but the old request id lists nothing")
        .isEmpty();
    assertThat(
            await(store.queryByRequest(newer.serverlessRequestId(), window, PageRequest.first(10)))
                .items())
        .containsExactly(ResultSummary.of(newer));
  }

  @Test
  void a_newer_result_replaces_the_older_one_and_its_lookup_rows() throws IOException {
    InvocationResult older = older(9 * CHUNK);
    InvocationResult newer = newerThan(older, 100);

    await(store.write(older));
    await(store.write(newer));

    assertOnlyNewerIsVisible(newer, older);
    Row row =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT body_inline, body_chunks, WRITETIME(state) FROM "
                        + keyspace
                        + ".invocation_results WHERE invocation_id = ?",
                    newer.invocationId()))
            .one();
    assertThat(row.isNull(0)).as("the new body is inline").isFalse();
    assertThat(row.getInt(1)).isZero();
    assertThat(row.getLong(2)).isEqualTo(micros(newer));
  }

  @Test
  void every_row_of_a_result_carries_its_completion_time_as_write_timestamp() {
    InvocationResult result = older(3 * CHUNK);

    await(store.write(result));

    long expected = micros(result);
    assertThat(
            session
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT WRITETIME(state), WRITETIME(body_bytes), WRITETIME(completed_at_ns)"
                            + " FROM "
                            + keyspace
                            + ".invocation_results WHERE invocation_id = ?",
                        result.invocationId()))
                .one()
                .getLong(0))
        .isEqualTo(expected);
    assertThat(chunkWriteTimes(result.invocationId())).containsOnly(expected).hasSize(3);
    assertThat(lookupRows(result))
        .extracting(r -> r.getLong(2))
        .containsExactly(expected, expected);
  }

  private void assertOnlyNewerIsVisible(InvocationResult newer, InvocationResult older)
      throws IOException {
    String id = newer.invocationId();
    assertThat(await(store.get(id))).contains(newer.toBuilder().replySubject(null).build());
    assertThat(await(store.getSummary(id))).contains(ResultSummary.of(newer));
    try (InputStream body = await(store.openBody(id)).orElseThrow()) {
      assertThat(body.readAllBytes()).isEqualTo(newer.body().toByteArray());
    }
    TimeWindow window =
        new TimeWindow(
            newer.completedAt().minus(Duration.ofMinutes(5)),
            newer.completedAt().plus(Duration.ofMinutes(5)));
    assertThat(
            await(store.queryByRequest(newer.serverlessRequestId(), window, PageRequest.first(10)))
                .items())
        .containsExactly(ResultSummary.of(newer));
    assertThat(
            await(store.queryByTime(window, PageRequest.first(1000))).items().stream()
                .filter(summary -> summary.invocationId().equals(id))
                .toList())
        .containsExactly(ResultSummary.of(newer));
    assertThat(lookupRows(newer))
        .as("a row in each lookup table for each version; queries list only the newer one")
        .extracting(row -> row.getInstant("completed_at"))
        .containsExactlyInAnyOrder(
            newer.completedAt().truncatedTo(ChronoUnit.MILLIS),
            newer.completedAt().truncatedTo(ChronoUnit.MILLIS),
            older.completedAt().truncatedTo(ChronoUnit.MILLIS),
            older.completedAt().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The rows of {@code result}'s invocation in both lookup tables, in the buckets around it. */
  private static List<Row> lookupRows(InvocationResult result) {
    String id = result.invocationId();
    long millis = result.completedAt().toEpochMilli();
    Set<Instant> buckets = new LinkedHashSet<>();
    buckets.add(lookups.bucket(millis - 60_000));
    buckets.add(lookups.bucket(millis + 60_000));
    List<Row> rows = new ArrayList<>();
    for (Instant bucket : buckets) {
      for (Row row :
          session.execute(
              SimpleStatement.newInstance(
                  "SELECT invocation_id, completed_at, WRITETIME(completed_at_ns) FROM "
                      + keyspace
                      + ".invocation_results_by_request WHERE serverless_request_id = ? AND"
                      + " bucket = ?",
                  result.serverlessRequestId(),
                  bucket))) {
        rows.add(row);
      }
      for (Row row :
          session.execute(
              SimpleStatement.newInstance(
                  "SELECT invocation_id, completed_at, WRITETIME(completed_at_ns) FROM "
                      + keyspace
                      + ".invocation_results_by_time WHERE bucket = ? AND shard = ?",
                  bucket,
                  lookups.shard(id)))) {
        if (row.getString("invocation_id").equals(id)) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static List<Long> chunkWriteTimes(String invocationId) {
    List<Long> times = new ArrayList<>();
    for (Row row :
        session.execute(
            SimpleStatement.newInstance(
                "SELECT WRITETIME(data) FROM "
                    + keyspace
                    + ".invocation_results_bodies WHERE invocation_id = ?",
                invocationId))) {
      times.add(row.getLong(0));
    }
    return times;
  }

  /** A running result of a new invocation, completed a minute ago, with a body of {@code size}. */
  private static InvocationResult older(int size) {
    return TestResults.result(TestResults.requestId("order"), Instant.now().minusSeconds(60))
        .state(InvocationState.RUNNING)
        .workerName("first-worker")
        .body(body(size, 'o'))
        .build();
  }

  /** The succeeded result of the same invocation, 40 ms later, with another body. */
  private static InvocationResult newerThan(InvocationResult older, int size) {
    return TestResults.result(older.serverlessRequestId(), older.completedAt().plusMillis(40))
        .invocationId(older.invocationId())
        .workerName("second-worker")
        .body(body(size, 'n'))
        .build();
  }

  /** A JSON string of exactly {@code size} bytes. */
  private static RawJson body(int size, char fill) {
    return RawJson.of("\"" + String.valueOf(fill).repeat(size - 2) + "\"");
  }

  private static long micros(InvocationResult result) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, result.completedAt());
  }
}
