package dev.resultstore.core;

import dev.resultstore.core.testing.ResultStoreContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** The store contract, run against a fresh {@link InMemoryResultStore} per test. */
class InMemoryResultStoreContractTest extends ResultStoreContract {
  static final Map<InvocationState, Duration> RETENTIONS =
      Map.of(
          InvocationState.SUCCEEDED, Duration.ofDays(2),
          InvocationState.FAILED, Duration.ofDays(30),
          InvocationState.EXPIRED, Duration.ofDays(3),
          InvocationState.DEAD_LETTERED, Duration.ofDays(14));

  private InMemoryResultStore store;

  @BeforeEach
  void openStore() {
    InMemoryResultStore.Builder builder = InMemoryResultStore.builder().retention(retention());
    RETENTIONS.forEach(builder::retention);
    store = builder.build();
  }

  @Override
  protected Duration retention(InvocationState state) {
    return RETENTIONS.getOrDefault(state, retention());
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
