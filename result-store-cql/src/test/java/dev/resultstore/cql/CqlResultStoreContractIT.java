package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.testing.ResultStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared sink and reader contract, against the real CQL server. */
class CqlResultStoreContractIT extends ResultStoreContract {
  private static final Duration RETENTION = Duration.ofDays(7);
  private static String keyspace;
  private static CqlResultStore store;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store = CqlResultStore.connect(CqlTestStores.config(keyspace).retention(RETENTION).build());
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
