package dev.resultstore.core;

import dev.resultstore.core.testing.ResultStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/** The store contract, run against a fresh {@link InMemoryResultStore} per test. */
class InMemoryResultStoreContractTest extends ResultStoreContract {
  private InMemoryResultStore store;

  @BeforeEach
  void openStore() {
    store = InMemoryResultStore.builder().retention(retention()).build();
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
    return Duration.ofDays(7);
  }
}
