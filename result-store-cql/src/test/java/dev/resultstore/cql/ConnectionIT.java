package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Connecting: the datacenter inferred from the contact points, and the asynchronous variant. */
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
}
