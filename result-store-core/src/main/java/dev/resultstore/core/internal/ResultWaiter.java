package dev.resultstore.core.internal;

import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TransientStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits for results to be stored, for all the waits of a process: {@link #await} registers a wait,
 * reads the store once (a result stored just before is found at once), then waits for {@link
 * #stored} (a notification that the result was committed, from whatever carries them: with its
 * summary, which completes the waits at once, or with its id only, which reads the store once for
 * every wait on it) or the timeout. A lost notification costs latency, never correctness: each wait
 * also reads the store every {@code fallbackInterval}.
 *
 * <p>No thread per wait: the timeouts and fallback reads run on one shared scheduler thread, the
 * reads are the reader's asynchronous calls. At most {@code maxWaits} waits are held; beyond that
 * {@link #await} fails at once with a {@link TransientStoreException}.
 *
 * <p>Thread-safe; {@link #stored} never blocks and may be called from a NATS dispatcher thread.
 * Stages complete on the reader's threads or the scheduler thread: do not block in callbacks.
 */
public final class ResultWaiter implements AutoCloseable {
  private static final ScheduledExecutorService SHARED_TIMER = sharedTimer();

  private final ResultReader reader;
  private final Duration fallbackInterval;
  private final int maxWaits;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final Map<String, List<Wait>> waits = new HashMap<>();
  private int count;
  private boolean closed;

  private ResultWaiter(Builder builder) {
    this.reader = builder.reader;
    this.fallbackInterval = builder.fallbackInterval;
    this.maxWaits = builder.maxWaits;
    this.timer = builder.timer == null ? SHARED_TIMER : builder.timer;
  }

  /** A builder for waits on {@code reader}'s results. */
  public static Builder builder(ResultReader reader) {
    return new Builder(reader);
  }

  /**
   * The summary of {@code invocationId}'s result as soon as it is stored, or empty after {@code
   * timeout}. A failure of the first read fails the stage; later reads that fail are retried by the
   * fallback.
   *
   * @throws IllegalArgumentException when the id is blank or the timeout negative
   */
  public CompletionStage<Optional<ResultSummary>> await(String invocationId, Duration timeout) {
    requireArguments(invocationId, timeout);
    if (timeout.isZero()) {
      return reader.getSummary(invocationId);
    }
    Wait wait = new Wait(invocationId);
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new TransientStoreException("result waiter: closed", null));
      }
      if (count >= maxWaits) {
        return CompletableFuture.failedFuture(
            new TransientStoreException(
                "result waiter: " + maxWaits + " waits already held; try again later", null));
      }
      waits.computeIfAbsent(invocationId, id -> new ArrayList<>(1)).add(wait);
      count++;
    }
    wait.result.whenComplete((value, error) -> unregister(wait));
    wait.timeout =
        timer.schedule(
            () -> wait.result.complete(Optional.empty()), timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (fallbackInterval.compareTo(timeout) < 0) {
      wait.fallback =
          timer.scheduleWithFixedDelay(
              () -> read(invocationId, List.of(wait), false),
              fallbackInterval.toNanos(),
              fallbackInterval.toNanos(),
              TimeUnit.NANOSECONDS);
    }
    if (wait.result.isDone()) {
      unregister(wait); // completed by close() or a notification before the timers were set
    }
    read(invocationId, List.of(wait), true);
    return wait.result;
  }

  /**
   * The result of {@code invocationId} was committed: reads it once for every wait on it. Cheap
   * when nobody waits for it; never blocks and never throws.
   */
  public void stored(String invocationId) {
    List<Wait> waiting;
    synchronized (lock) {
      List<Wait> registered = waits.get(invocationId);
      if (registered == null) {
        return;
      }
      waiting = List.copyOf(registered);
    }
    read(invocationId, waiting, false);
  }

  /**
   * The result {@code summary} describes was committed: completes every wait on its id with it,
   * without reading the store. Never blocks and never throws.
   */
  public void stored(ResultSummary summary) {
    List<Wait> waiting;
    synchronized (lock) {
      List<Wait> registered = waits.get(summary.invocationId());
      if (registered == null) {
        return;
      }
      waiting = List.copyOf(registered);
    }
    Optional<ResultSummary> found = Optional.of(summary);
    waiting.forEach(wait -> wait.result.complete(found));
  }

  /** Whether a wait on {@code invocationId} is held right now. Never blocks for long. */
  public boolean waitsFor(String invocationId) {
    synchronized (lock) {
      return waits.containsKey(invocationId);
    }
  }

  /** How many waits are held right now. */
  public int waiting() {
    synchronized (lock) {
      return count;
    }
  }

  /** Completes every held wait empty and refuses new ones. Idempotent. */
  @Override
  public void close() {
    List<Wait> all = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      waits.values().forEach(all::addAll);
    }
    all.forEach(wait -> wait.result.complete(Optional.empty()));
  }

  private void read(String invocationId, List<Wait> waiting, boolean failOnError) {
    CompletionStage<Optional<ResultSummary>> read;
    try {
      read = reader.getSummary(invocationId);
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    read.whenComplete(
        (found, error) -> {
          if (error != null) {
            if (failOnError) {
              waiting.forEach(wait -> wait.result.completeExceptionally(error));
            }
          } else if (found.isPresent()) {
            waiting.forEach(wait -> wait.result.complete(found));
          }
        });
  }

  private void unregister(Wait wait) {
    cancel(wait.timeout);
    cancel(wait.fallback);
    synchronized (lock) {
      List<Wait> registered = waits.get(wait.invocationId);
      if (registered != null && registered.remove(wait)) {
        count--;
        if (registered.isEmpty()) {
          waits.remove(wait.invocationId);
        }
      }
    }
  }

  private static void cancel(Future<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  static void requireArguments(String invocationId, Duration timeout) {
    if (invocationId == null || invocationId.isBlank()) {
      throw new IllegalArgumentException(
          "invocationId must not be blank, but was "
              + (invocationId == null ? "null" : '"' + invocationId + '"'));
    }
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
  }

  /**
   * A wait without notifications: reads now, then every {@code interval}, until found or {@code
   * timeout}. What {@link ResultReader#await}'s default does.
   */
  public static CompletionStage<Optional<ResultSummary>> polling(
      ResultReader reader, String invocationId, Duration timeout, Duration interval) {
    requireArguments(invocationId, timeout);
    return builder(reader)
        .fallbackInterval(interval)
        .maxWaits(1)
        .build()
        .await(invocationId, timeout);
  }

  private static ScheduledExecutorService sharedTimer() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "result-waiter-timer");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** One held wait. */
  private static final class Wait {
    final String invocationId;
    final CompletableFuture<Optional<ResultSummary>> result = new CompletableFuture<>();
    volatile Future<?> timeout;
    volatile Future<?> fallback;

    Wait(String invocationId) {
      this.invocationId = invocationId;
    }
  }

  /** Builds a {@link ResultWaiter}. */
  public static final class Builder {
    private final ResultReader reader;
    private Duration fallbackInterval = Duration.ofSeconds(5);
    private int maxWaits = 100_000;
    private ScheduledExecutorService timer;

    private Builder(ResultReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * How often each wait reads the store in case its notification was lost. Default: 5 seconds.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder fallbackInterval(Duration value) {
      Objects.requireNonNull(value, "fallbackInterval");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("fallbackInterval must be positive, but was " + value);
      }
      fallbackInterval = value;
      return this;
    }

    /**
     * How many waits may be held at once (bounded memory). Default: 100000.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder maxWaits(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxWaits must be positive, but was " + value);
      }
      maxWaits = value;
      return this;
    }

    /**
     * The scheduler of timeouts and fallback reads; its tasks only complete stages and start
     * asynchronous reads. Default: one daemon thread shared by every waiter of the JVM. Not shut
     * down by {@link ResultWaiter#close()}.
     */
    public Builder timer(ScheduledExecutorService value) {
      timer = Objects.requireNonNull(value, "timer");
      return this;
    }

    /** A new waiter with no waits held. */
    public ResultWaiter build() {
      return new ResultWaiter(this);
    }
  }
}
