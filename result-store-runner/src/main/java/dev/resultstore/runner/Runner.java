package dev.resultstore.runner;

import dev.resultstore.config.ConfigException;
import dev.resultstore.config.GoDuration;
import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsResultSource;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code run} command's process: serves the operations endpoints, connects the object store
 * (when configured), the CQL store and the NATS source (retrying while any is unreachable), then
 * runs until SIGTERM or SIGINT, when it drains the source (bounded by {@code
 * serverless.drainTimeout}), closes the stores and exits 0.
 */
final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final ResultStoreConfig config;
  private final NatsSourceConfig natsConfig;
  private final CqlStoreConfig cqlConfig;
  private final S3BodyStoreConfig objectStoreConfig;
  private final RunnerMetrics metrics = new RunnerMetrics();
  private final Readiness readiness;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private S3BodyStore objects;

  /**
   * @throws ConfigException when a value is refused by the source's or the store's settings
   */
  Runner(ResultStoreConfig config) {
    this.config = config;
    this.natsConfig = config.nats();
    this.cqlConfig = config.cql();
    this.objectStoreConfig = config.objectStore().orElse(null);
    Duration probeTimeout =
        cqlConfig.requestTimeout().compareTo(Duration.ofSeconds(2)) < 0
            ? cqlConfig.requestTimeout()
            : Duration.ofSeconds(2);
    this.readiness = new Readiness(probeTimeout, Duration.ofSeconds(1));
  }

  /** Runs until a signal; returns the exit status (0 after a clean drain). */
  int run() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "result-store-shutdown"));
    LOG.info("Starting with {}", config);
    if (cqlConfig.retention().isZero()) {
      LOG.info(
          "Results are kept forever, as the Go result store keeps them (scylla.retention is not"
              + " set or 0s); set scylla.retention, such as 168h, to expire them");
    }
    HttpEndpoints http = null;
    CqlResultStore store = null;
    NatsResultSource source = null;
    try {
      if (config.http().enabled()) {
        http = HttpEndpoints.start(config.http().host(), config.http().port(), readiness, metrics);
      }
      if (objectStoreConfig != null) {
        objects =
            retrying("connect to the object store", () -> S3BodyStore.connect(objectStoreConfig));
        if (objects == null) {
          return finish(http, null, null, Main.OK);
        }
      }
      CqlStoreConfig storeConfig = cqlConfig.toBuilder().objectStore(objects).build();
      store =
          retrying(
              "connect to the CQL store",
              () -> CqlResultStore.connect(storeConfig, metrics.registry()));
      if (store == null) {
        return finish(http, null, null, Main.OK);
      }
      readiness.store(store);
      CqlResultStore sink = store;
      source =
          retrying(
              "start the NATS source",
              () -> {
                NatsResultSource created = NatsResultSource.create(natsConfig, sink, metrics);
                try {
                  created.start();
                  return created;
                } catch (RuntimeException e) {
                  created.close();
                  throw e;
                }
              });
      if (source == null) {
        return finish(http, null, store, Main.OK);
      }
      NatsResultSource running = source;
      readiness.source(running::isReady);
      metrics.bindGauges(running::inFlight, running::consumerPending, readiness::ready);
      metrics.bindConnection(running::connectionStatistics);
      readiness.markStarted();
      LOG.info(
          "Running: consuming {}.result.* from stream {} as {}, storing in {}.{}",
          natsConfig.subjectPrefix(),
          natsConfig.streamName(),
          natsConfig.consumerName(),
          cqlConfig.keyspace(),
          cqlConfig.resultsTable());
      stopRequested.await();
      LOG.info(
          "Stopping: draining up to {} in-flight messages for at most {}",
          running.inFlight(),
          GoDuration.format(natsConfig.drainTimeout()));
      return finish(http, source, store, Main.OK);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return finish(http, source, store, Main.FAILURE);
    } catch (ResultStoreException | IOException e) {
      stopping.set(true);
      LOG.error("Cannot run: {}", Main.describe(e), e);
      return finish(http, source, store, Main.FAILURE);
    } catch (RuntimeException e) {
      stopping.set(true);
      finish(http, source, store, Main.FAILURE);
      throw e;
    }
  }

  private int finish(
      HttpEndpoints http, NatsResultSource source, CqlResultStore store, int status) {
    try {
      if (source != null) {
        source.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("Closing the NATS source failed: {}", e.getMessage(), e);
    }
    try {
      if (store != null) {
        store.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("Closing the CQL store failed: {}", e.getMessage(), e);
    }
    if (objects != null) {
      objects.close();
    }
    if (http != null) {
      http.close();
    }
    LOG.info("Stopped");
    stopped.countDown();
    return status;
  }

  /**
   * Calls {@code action} until it succeeds, waiting longer after each transient failure; {@code
   * null} when a signal arrived first. A permanent failure is thrown.
   */
  private <T> T retrying(String what, Supplier<T> action) throws InterruptedException {
    Duration wait = FIRST_RETRY;
    while (stopRequested.getCount() > 0) {
      try {
        return action.get();
      } catch (ResultStoreException e) {
        if (!e.isTransient()) {
          throw e;
        }
        LOG.warn(
            "Could not {} ({}); retrying in {}", what, e.getMessage(), GoDuration.format(wait));
      }
      if (stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
      wait =
          wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
    }
    return null;
  }

  /** The shutdown hook: asks {@link #run()} to stop, waits for the drain, exits 0 when clean. */
  private void onSignal() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    stopRequested.countDown();
    boolean clean;
    try {
      clean =
          stopped.await(
              natsConfig.drainTimeout().plus(SHUTDOWN_GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    if (!clean) {
      LOG.error("Did not stop within the drain timeout plus {}", GoDuration.format(SHUTDOWN_GRACE));
    }
    LogSetup.stop();
    // A signal's exit status would be 128 + its number; a clean drain is a success.
    Runtime.getRuntime().halt(clean ? Main.OK : Main.FAILURE);
  }
}
