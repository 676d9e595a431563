package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import dev.resultstore.core.testing.TestServices;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Connecting: the datacenter inferred from the contact points, the asynchronous variant, and a
 * store on the caller's session.
 */
class ConnectionIT {

  @Test
  void the_local_datacenter_is_inferred_when_not_configured() {
    String keyspace = CqlTestStores.uniqueKeyspace();
    CqlStoreConfig config = CqlTestStores.config(keyspace).localDatacenter(null).build();

    try (CqlResultStore store = CqlResultStore.connect(config)) {
      InvocationResult result =
          TestResults.result(TestResults.requestId("dc"), Instant.now()).build();
      assertThat(await(store.write(result))).isEqualTo(WriteOutcome.STORED);
      assertThat(await(store.getSummary(result.invocationId()))).isPresent();
      assertThat(store.session().getMetadata().getNodes().values())
          .allSatisfy(node -> assertThat(node.getDatacenter()).isNotBlank());
      CqlTestStores.drop(store.session(), keyspace);
    }
  }

  @Test
  void connect_async_completes_with_a_ready_store() {
    String keyspace = CqlTestStores.uniqueKeyspace();
    CompletableFuture<CqlResultStore> connecting =
        CqlResultStore.connectAsync(CqlTestStores.config(keyspace).build()).toCompletableFuture();

    try (CqlResultStore store = await(connecting)) {
      assertThat(await(store.get(TestResults.invocationId()))).isEmpty();
      CqlTestStores.drop(store.session(), keyspace);
    }
  }

  @Test
  void a_store_on_the_caller_s_session_writes_and_reads_and_leaves_the_session_open_when_closed() {
    String keyspace = CqlTestStores.uniqueKeyspace();
    try (CqlSession session = applicationSession()) {
      InvocationResult result =
          TestResults.result(TestResults.requestId("borrowed"), Instant.now()).build();
      CqlResultStore store =
          CqlResultStore.connect(session, CqlTestStores.config(keyspace).build());
      try {
        assertThat(store.session()).isSameAs(session);
        assertThat(await(store.write(result))).isEqualTo(WriteOutcome.STORED);
        assertThat(await(store.get(result.invocationId())))
            .hasValueSatisfying(
                stored -> {
                  assertThat(stored.completedAt()).isEqualTo(result.completedAt());
                  assertThat(stored.body()).isEqualTo(result.body());
                });
      } finally {
        store.close();
      }

      assertThat(session.isClosed()).isFalse();
      assertThat(session.execute("SELECT invocation_id FROM " + keyspace + ".invocation_results"))
          .hasSize(1);
      assertThat(CqlTestStores.failureOf(store.get(result.invocationId())))
          .isInstanceOf(TransientStoreException.class);
      CqlTestStores.drop(session, keyspace);
    }
  }

  @Test
  void a_store_on_the_caller_s_session_that_finds_no_schema_leaves_the_session_open() {
    String keyspace = CqlTestStores.uniqueKeyspace();
    try (CqlSession session = applicationSession()) {
      CqlStoreConfig checkOnly = CqlTestStores.config(keyspace).autoMigrate(false).build();

      assertThatThrownBy(() -> CqlResultStore.connect(session, checkOnly))
          .isInstanceOf(PermanentStoreException.class)
          .hasMessageContaining(keyspace);
      assertThat(session.isClosed()).isFalse();
      assertThat(session.execute("SELECT release_version FROM system.local").one()).isNotNull();
    }
  }

  /**
   * A session as an application opens it: the driver's defaults, schema metadata of all keyspaces.
   */
  private static CqlSession applicationSession() {
    return CqlSession.builder()
        .addContactPoint(TestServices.cqlContactPoint())
        .withLocalDatacenter(TestServices.cqlDatacenter())
        .build();
  }
}
