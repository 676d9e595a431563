package dev.resultstore.runner;

import dev.resultstore.core.ResultReader;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A CQL store (with its object store, when configured) opened for one command ({@code get}, {@code
 * query}) and closed after it.
 */
final class StoreHandle implements AutoCloseable {
  private final CqlResultStore store;
  private final S3BodyStore objects;
  private final Duration timeout;

  private StoreHandle(CqlResultStore store, S3BodyStore objects, Duration timeout) {
    this.store = store;
    this.objects = objects;
    this.timeout = timeout;
  }

  /**
   * Connects with the configured settings.
   *
   * @throws ConfigException when the store refuses a setting
   */
  static StoreHandle open(RunnerConfig config) {
    CqlStoreConfig cqlConfig = Components.cqlConfig(config);
    S3BodyStoreConfig objectConfig = Components.objectStoreConfig(config);
    S3BodyStore objects = objectConfig == null ? null : S3BodyStore.connect(objectConfig);
    CqlResultStore store;
    try {
      store = CqlResultStore.connect(cqlConfig.toBuilder().objectStore(objects).build());
    } catch (RuntimeException e) {
      if (objects != null) {
        objects.close();
      }
      throw e;
    }
    Duration requestTimeout = config.scylla().requestTimeout();
    return new StoreHandle(store, objects, requestTimeout.multipliedBy(3).plusSeconds(5));
  }

  /** The store, as a reader. */
  ResultReader reader() {
    return store;
  }

  /**
   * The stage's value, waiting at most three request timeouts.
   *
   * @throws ExecutionException with the store's failure as its cause
   * @throws TimeoutException when the store did not answer in time
   */
  <T> T await(CompletionStage<T> stage)
      throws ExecutionException, TimeoutException, InterruptedException {
    return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    store.close();
    if (objects != null) {
      objects.close();
    }
  }
}
