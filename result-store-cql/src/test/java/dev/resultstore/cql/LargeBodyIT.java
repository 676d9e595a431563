package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bodies over the inline limit: chunked, never dropped, read back byte for byte. */
class LargeBodyIT {
  private static final Logger LOG = LoggerFactory.getLogger(LargeBodyIT.class);
  private static final int MIB = 1024 * 1024;
  private static String keyspace;
  private static CqlResultStore store;
  private static CqlSession session;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store = CqlResultStore.connect(CqlTestStores.config(keyspace).build());
    session = store.session();
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(session, keyspace);
    store.close();
  }

  @Test
  void a_5_MiB_body_round_trips_byte_exact() throws IOException {
    RawJson body = randomJsonString(5 * MIB, 5);
    InvocationResult result =
        TestResults.result(TestResults.requestId("large"), Instant.now()).body(body).build();

    long start = System.nanoTime();
    assertThat(await(store.write(result))).isEqualTo(WriteOutcome.STORED);
    long written = System.nanoTime();
    InvocationResult read = await(store.get(result.invocationId())).orElseThrow();
    long readBack = System.nanoTime();
    LOG.info(
        "5 MiB body: write {} ms, get {} ms",
        (written - start) / 1_000_000,
        (readBack - written) / 1_000_000);

    assertThat(read.body().toByteArray()).isEqualTo(body.toByteArray());
    assertThat(read).isEqualTo(result.toBuilder().replySubject(null).build());
    assertThat(await(store.getSummary(result.invocationId())).orElseThrow().bodyBytes())
        .isEqualTo(5 * MIB);
    assertThat(chunkSizes(result.invocationId()))
        .hasSize(20)
        .containsOnly(store.config().chunkBytes());
    Row row = resultsRow(result.invocationId());
    assertThat(row.isNull("body_inline")).isTrue();
    assertThat(row.getBoolean("body_truncated")).isTrue();
    assertThat(row.getLong("body_bytes")).isEqualTo(5 * MIB);
    assertThat(row.getInt("body_chunks")).isEqualTo(20);
  }

  @Test
  void a_newer_completion_the_store_refuses_leaves_the_stored_body_readable() {
    // The newer completion's row is refused for good (a 17 MiB error text): its body chunks
    // must not have replaced those of the stored result, whose row still names its own version.
    RawJson stored = randomJsonString(2 * MIB, 11);
    Instant completed = Instant.now();
    InvocationResult older =
        TestResults.result(TestResults.requestId("kept"), completed).body(stored).build();
    assertThat(await(store.write(older))).isEqualTo(WriteOutcome.STORED);
    InvocationResult refused =
        older.toBuilder()
            .completedAt(completed.plusSeconds(1))
            .body(randomJsonString(2 * MIB, 12))
            .error("e".repeat(17 * MIB))
            .build();

    assertThat(CqlTestStores.failureOf(store.write(refused)))
        .isInstanceOf(PermanentStoreException.class);

    InvocationResult read = await(store.get(older.invocationId())).orElseThrow();
    assertThat(read.body().toByteArray()).isEqualTo(stored.toByteArray());
    assertThat(read.completedAt()).isEqualTo(older.completedAt());
  }

  @Test
  void a_large_body_streams_chunk_by_chunk_byte_exact() throws IOException {
    RawJson body = randomJsonString(3 * MIB + 12_345, 7);
    InvocationResult result =
        TestResults.result(TestResults.requestId("large"), Instant.now()).body(body).build();
    await(store.write(result));

    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (InputStream stream = await(store.openBody(result.invocationId())).orElseThrow()) {
      byte[] buffer = new byte[10_000];
      for (int n; (n = stream.read(buffer)) >= 0; ) {
        copy.write(buffer, 0, n);
      }
      assertThat(stream.read()).isEqualTo(-1);
    }

    assertThat(copy.toByteArray()).isEqualTo(body.toByteArray());
    assertThat(chunkSizes(result.invocationId())).hasSize(13);
  }

  @Test
  void a_body_at_the_inline_limit_stays_inline_and_one_byte_more_goes_to_chunks()
      throws IOException {
    int limit = store.config().maxInlineBodyBytes();
    InvocationResult atLimit =
        TestResults.result(TestResults.requestId("large"), Instant.now())
            .body(randomJsonString(limit, 1))
            .build();
    InvocationResult overLimit =
        TestResults.result(atLimit.serverlessRequestId(), Instant.now())
            .body(randomJsonString(limit + 1, 2))
            .build();

    await(store.write(atLimit));
    await(store.write(overLimit));

    assertThat(resultsRow(atLimit.invocationId()).getByteBuffer("body_inline").remaining())
        .isEqualTo(limit);
    assertThat(chunkSizes(atLimit.invocationId())).isEmpty();
    assertThat(resultsRow(overLimit.invocationId()).isNull("body_inline")).isTrue();
    assertThat(chunkSizes(overLimit.invocationId()))
        .containsExactly(256 * 1024, 256 * 1024, 256 * 1024, 256 * 1024, 1);
    assertThat(await(store.get(overLimit.invocationId())).orElseThrow().body())
        .isEqualTo(overLimit.body());
    try (InputStream inline = await(store.openBody(atLimit.invocationId())).orElseThrow()) {
      assertThat(inline.readAllBytes()).isEqualTo(atLimit.body().toByteArray());
    }
  }

  @Test
  void a_chunk_of_another_write_than_its_row_is_never_mixed_into_a_body() {
    InvocationResult result =
        TestResults.result(TestResults.requestId("large"), Instant.now())
            .body(randomJsonString(2 * MIB, 3))
            .build();
    await(store.write(result));
    // What a newer result's chunk looks like to a reader that read the row before it: another
    // write timestamp (one microsecond later), other bytes.
    session.execute(
        SimpleStatement.newInstance(
            "INSERT INTO "
                + keyspace
                + ".invocation_results_bodies (invocation_id, chunk_index, data) VALUES (?, 1, ?)"
                + " USING TIMESTAMP ?",
            result.invocationId(),
            java.nio.ByteBuffer.wrap(new byte[store.config().chunkBytes()]),
            Timing.writeTimestamp(result.completedAt()) + 1));

    Throwable failure = CqlTestStores.failureOf(store.get(result.invocationId()));

    assertThat(failure).isInstanceOf(TransientStoreException.class).hasMessageContaining("again");
    assertThat(await(store.getSummary(result.invocationId()))).isPresent();
  }

  private static Row resultsRow(String invocationId) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT body_inline, body_truncated, body_bytes, body_chunks FROM "
                    + keyspace
                    + ".invocation_results WHERE invocation_id = ?",
                invocationId))
        .one();
  }

  private static List<Integer> chunkSizes(String invocationId) {
    List<Integer> sizes = new ArrayList<>();
    for (Row row :
        session.execute(
            SimpleStatement.newInstance(
                "SELECT data FROM "
                    + keyspace
                    + ".invocation_results_bodies WHERE invocation_id = ?",
                invocationId))) {
      sizes.add(row.getByteBuffer(0).remaining());
    }
    return sizes;
  }

  /** A JSON string of exactly {@code size} bytes of random base64 text. */
  private static RawJson randomJsonString(int size, long seed) {
    byte[] random = new byte[size];
    new Random(seed).nextBytes(random);
    String text = Base64.getEncoder().encodeToString(random).substring(0, size - 2);
    byte[] json = ("\"" + text + "\"").getBytes(StandardCharsets.US_ASCII);
    assertThat(json).hasSize(size);
    return RawJson.of(json);
  }
}
