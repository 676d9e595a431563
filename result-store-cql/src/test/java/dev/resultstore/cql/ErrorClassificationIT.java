package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors from a real server sorted into permanent and transient. */
class ErrorClassificationIT {
  private static String keyspace;
  private static CqlResultStore store;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store = CqlResultStore.connect(CqlTestStores.config(keyspace).build());
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(store.session(), keyspace);
    store.close();
  }

  @Test
  void a_table_dropped_and_recreated_fails_writes_transiently_until_it_is_back() {
    String ownKeyspace = CqlTestStores.uniqueKeyspace();
    try (CqlResultStore writer =
        CqlResultStore.connect(CqlTestStores.config(ownKeyspace).build())) {
      writer.session().execute("DROP TABLE " + ownKeyspace + "." + writer.config().resultsTable());
      InvocationResult result =
          TestResults.result(TestResults.requestId("recreated"), Instant.now()).build();

      Throwable failure = failureOf(writer.write(result));

      assertThat(failure).isInstanceOf(TransientStoreException.class);
      assertThat(failureOf(writer.probe())).isInstanceOf(TransientStoreException.class);
      // The deploy recreates the table (a store starting with autoMigrate, here): the same
      // store's writes succeed again, the driver preparing its statements anew.
      CqlResultStore.connect(writer.session(), CqlTestStores.config(ownKeyspace).build()).close();
      assertThat(CqlTestStores.await(writer.write(result))).isEqualTo(WriteOutcome.STORED);
      assertThat(CqlTestStores.await(writer.probe())).isNull();
    } finally {
      try (CqlResultStore cleaner =
          CqlResultStore.connect(CqlTestStores.config(ownKeyspace).build())) {
        CqlTestStores.drop(cleaner.session(), ownKeyspace);
      }
    }
  }

  @Test
  void a_partition_key_over_64_KiB_is_a_permanent_error() {
    String hugeKey = "k".repeat(70_000);
    Statements statements =
        CqlTestStores.await(
            Statements.prepare(store.session(), new Schema(store.config()), store.config()));
    BoundStatement insert =
        statements.write(statements.insertChunk, hugeKey, 0, ByteBuffer.allocate(1), 1L, 60);

    Throwable failure = failureOf(store.session().executeAsync(insert));
    ResultStoreException classified = ErrorClassifier.classify(failure, "writing a chunk");

    assertThat(classified).isInstanceOf(PermanentStoreException.class);
    assertThat(classified.isTransient()).isFalse();
    assertThat(classified.getMessage()).contains("65535");
  }

  @Test
  void a_row_over_the_servers_mutation_size_limit_is_refused_for_good() {
    InvocationResult result =
        TestResults.result(TestResults.requestId("errors"), Instant.now())
            .error("e".repeat(17 * 1024 * 1024))
            .build();

    Throwable failure = failureOf(store.write(result));

    assertThat(failure).isInstanceOf(PermanentStoreException.class);
    assertThat(failure.getMessage()).contains(result.invocationId()).contains("exceeds");
  }

  @Test
  void a_cluster_that_does_not_answer_is_a_transient_error() {
    CqlStoreConfig unreachable =
        CqlTestStores.config(keyspace)
            .contactPoints(List.of("127.0.0.1:1"))
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    assertThatThrownBy(() -> CqlResultStore.connect(unreachable))
        .isInstanceOf(TransientStoreException.class)
        .hasMessageContaining("connecting");
  }

  @Test
  void calls_on_a_closed_store_fail_as_transient() {
    CqlResultStore closed = CqlResultStore.connect(CqlTestStores.config(keyspace).build());
    closed.close();

    Throwable failure =
        failureOf(closed.write(TestResults.result("closed", Instant.now()).build()));

    assertThat(failure).isInstanceOf(TransientStoreException.class).hasMessageContaining("closed");
    assertThat(failureOf(closed.get(TestResults.invocationId())))
        .isInstanceOf(TransientStoreException.class);
  }
}
