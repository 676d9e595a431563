package dev.resultstore.runner;

import dev.resultstore.config.ConfigException;
import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSink;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A CQL store (with its object store, when configured) opened for one command ({@code get}, {@code
 * query}, {@code status}, {@code wait}, {@code delete}) and closed after it.
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
  static StoreHandle open(ResultStoreConfig config) {
    S3BodyStoreConfig objectConfig = config.objectStore().orElse(null);
    S3BodyStore objects = objectConfig == null ? null : S3BodyStore.connect(objectConfig);
    CqlResultStore store;
    try {
      store = CqlResultStore.connect(config.cql().toBuilder().objectStore(objects).build());
    } catch (RuntimeException e) {
      if (objects != null) {
        objects.close();
      }
      throw e;
    }
    Duration requestTimeout = config.cql().requestTimeout();
    return new StoreHandle(store, objects, requestTimeout.multipliedBy(3).plusSeconds(5));
  }

  /** The store, as a reader. */
  ResultReader reader() {
    return store;
  }

  /** The store, as a sink (for {@code delete}). */
  ResultSink sink() {
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

  /**
   * The stage's value, waiting {@code expected} plus three request timeouts (for a wait of that
   * long).
   */
  <T> T await(CompletionStage<T> stage, Duration expected)
      throws ExecutionException, TimeoutException, InterruptedException {
    return stage
        .toCompletableFuture()
        .get(expected.plus(timeout).toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Closes the store; the command's output is written by then (see {@link LogSetup#closingStore}).
   */
  @Override
  public void close() {
    LogSetup.closingStore();
    store.close();
    if (objects != null) {
      objects.close();
    }
  }
}
