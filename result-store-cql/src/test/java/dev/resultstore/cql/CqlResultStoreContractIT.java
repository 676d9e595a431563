package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.testing.ResultStoreContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared sink and reader contract, against the real CQL server. */
class CqlResultStoreContractIT extends ResultStoreContract {
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Map<InvocationState, Duration> RETENTIONS =
      Map.of(
          InvocationState.SUCCEEDED, Duration.ofDays(2),
          InvocationState.FAILED, Duration.ofDays(30),
          InvocationState.EXPIRED, Duration.ofDays(3),
          InvocationState.DEAD_LETTERED, Duration.ofDays(14));
  private static String keyspace;
  private static CqlResultStore store;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    CqlStoreConfig.Builder config = CqlTestStores.config(keyspace).retention(RETENTION);
    RETENTIONS.forEach(config::retention);
    store = CqlResultStore.connect(config.build());
  }

  @Override
  protected Duration retention(InvocationState state) {
    return RETENTIONS.getOrDefault(state, RETENTION);
  }

  @AfterAll
  static void dropKeyspace() {
    if (store != null) {
      CqlSession session = store.session();
      CqlTestStores.drop(session, keyspace);
      store.close();
    }
  }

  @Override
  protected ResultSink sink() {
    return store;
  }

  @Override
  protected ResultReader reader() {
    return store;
  }

  @Override
  protected Duration retention() {
    return RETENTION;
  }
}
