package dev.resultstore.runner;

import dev.resultstore.core.ResultReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance can do its work: NATS connected and the consumer bound (as the source
 * reports it) and the CQL store answering a real read. The read is a single-partition summary
 * lookup of an id that never exists, at the configured read consistency, so it fails exactly when
 * reads and writes of results would; its answer is cached for {@code cacheFor} so probes and
 * scrapes do not load the store. Thread-safe.
 */
final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
  static final String PROBE_ID = "result-store-readiness-probe";

  private final Duration timeout;
  private final long cacheNanos;
  private final Object lock = new Object();
  private volatile BooleanSupplier source = () -> false;
  private volatile ResultReader reader;
  private volatile boolean started;
  private long checkedAt;
  private boolean storeReachable;
  private boolean lastLogged = true;

  /**
   * @param timeout how long the store read may take before it counts as unreachable
   * @param cacheFor how long one store answer is reused
   */
  Readiness(Duration timeout, Duration cacheFor) {
    this.timeout = timeout;
    this.cacheNanos = cacheFor.toNanos();
  }

  /** Starts checking the source; until then it counts as not ready. */
  void source(BooleanSupplier sourceReady) {
    this.source = sourceReady;
  }

  /** Starts checking the store through {@code reader}; until then it counts as unreachable. */
  void store(ResultReader reader) {
    this.reader = reader;
  }

  /**
   * Records that the runner connected to both services once and started consuming; {@link
   * #started()} stays true from then on, through later outages.
   */
  void markStarted() {
    started = true;
  }

  /** Whether the runner has connected and started consuming once: the startup probe's answer. */
  boolean started() {
    return started;
  }

  /** Whether every check passes. */
  boolean ready() {
    return sourceReady() && storeReachable();
  }

  /** Each check's result by name ({@code nats}, {@code cql}), for the {@code /readyz} body. */
  Map<String, Boolean> details() {
    Map<String, Boolean> details = new LinkedHashMap<>();
    details.put("nats", sourceReady());
    details.put("cql", storeReachable());
    return details;
  }

  private boolean sourceReady() {
    try {
      return source.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.debug("The source's readiness check failed", e);
      return false;
    }
  }

  private boolean storeReachable() {
    ResultReader current = reader;
    if (current == null) {
      return false;
    }
    synchronized (lock) {
      long now = System.nanoTime();
      if (checkedAt != 0 && now - checkedAt < cacheNanos) {
        return storeReachable;
      }
      storeReachable = probe(current);
      checkedAt = System.nanoTime();
      if (storeReachable != lastLogged) {
        lastLogged = storeReachable;
        if (storeReachable) {
          LOG.info("The CQL store answers again");
        } else {
          LOG.warn("The CQL store does not answer: not ready");
        }
      }
      return storeReachable;
    }
  }

  private boolean probe(ResultReader current) {
    try {
      current
          .getSummary(PROBE_ID)
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("The CQL readiness probe failed", e);
      return false;
    }
  }
}
