package dev.resultstore.nats;

import dev.resultstore.core.ResultStoreException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store outage: entered on the first transient write failure, left as soon as the store answers
 * again. While it lasts, the fetcher fetches nothing, the messages whose writes failed are parked
 * (still held and kept alive by the keep-alive, never nak'ed), and the store itself is probed
 * ({@code ResultSink.probe()}) with exponential back-off. When the probe succeeds, or a write
 * started during the outage completes without a transient failure, every parked message is written
 * again. An outage of any length loses and dead-letters nothing.
 *
 * <p>The probe does not depend on any message, so one message whose write always fails transiently
 * cannot keep an instance in an outage: once the store answered, its next failures count (see
 * {@link #answeredSince}) and the pipeline sends it to the bounded retry path after {@link
 * #FAILURES_WHILE_ANSWERING} of them. Thread-safe.
 */
final class OutageControl {
  private static final Logger LOG = LoggerFactory.getLogger(OutageControl.class);

  /**
   * Transient failures of one delivery's write after the store answered a probe, before the message
   * is treated as failing by itself (an unclassified failure) rather than by an outage.
   */
  static final int FAILURES_WHILE_ANSWERING = 3;

  private final Object lock = new Object();
  private final ArrayDeque<Delivery> parked = new ArrayDeque<>();
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService timer;
  private final SafeListener listener;
  private final Consumer<Delivery> retry;
  private final Supplier<CompletionStage<?>> storeProbe;

  private volatile boolean active;
  private volatile boolean answeredOnce;
  private volatile long answeredNanos;
  private int attempts;
  private long startedNanos;
  private ScheduledFuture<?> nextProbe;
  private boolean closed;

  /**
   * @param retry writes a parked message again; must not block
   * @param storeProbe asks the store whether it answers; must not block
   */
  OutageControl(
      Duration initialDelay,
      Duration maxDelay,
      ScheduledExecutorService timer,
      SafeListener listener,
      Consumer<Delivery> retry,
      Supplier<CompletionStage<?>> storeProbe) {
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.timer = timer;
    this.listener = listener;
    this.retry = retry;
    this.storeProbe = storeProbe;
  }

  /** Whether a store outage is going on. */
  boolean active() {
    return active;
  }

  /** How many messages are parked. */
  int parked() {
    synchronized (lock) {
      return parked.size();
    }
  }

  /**
   * Whether the store answered a probe at or after {@code writeStartedNanos}'s start: a write that
   * started after that and still failed transiently failed while the store answered.
   */
  boolean answeredSince(long writeStartedNanos) {
    return answeredOnce && writeStartedNanos - answeredNanos >= 0;
  }

  /** The write of {@code delivery} failed transiently: park it, entering an outage if needed. */
  void failedTransiently(Delivery delivery, Throwable error) {
    Duration delay;
    synchronized (lock) {
      parked.add(delivery);
      if (active) {
        return;
      }
      active = true;
      attempts = 0;
      startedNanos = System.nanoTime();
      delay = scheduleProbe();
    }
    LOG.warn(
        "Store outage: {}. Fetching paused; held messages are kept alive; probing the store in {}",
        Failures.describe(error),
        delay);
    listener.outage(true);
  }

  /**
   * A write completed without a transient failure: the store answers, and the outage is over if
   * that write started after the outage began (a write already under way when it began proves
   * nothing).
   *
   * @param writeStartedNanos when the write started, in {@link System#nanoTime()}
   */
  void storeAnswered(long writeStartedNanos) {
    if (!active) {
      return;
    }
    synchronized (lock) {
      if (!active || writeStartedNanos - startedNanos < 0) {
        return;
      }
    }
    resume("a write");
  }

  /** Waits until the outage is over or {@code timeout} elapsed. */
  void awaitResumed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (active) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /** Stops probing; the drain settles the parked messages. */
  void close() {
    synchronized (lock) {
      closed = true;
      if (nextProbe != null) {
        nextProbe.cancel(false);
        nextProbe = null;
      }
      lock.notifyAll();
    }
  }

  private void resume(String how) {
    List<Delivery> resumed;
    long lastedNanos;
    synchronized (lock) {
      if (!active) {
        return;
      }
      active = false;
      answeredNanos = System.nanoTime();
      answeredOnce = true;
      if (nextProbe != null) {
        nextProbe.cancel(false);
        nextProbe = null;
      }
      resumed = new ArrayList<>(parked);
      parked.clear();
      lastedNanos = System.nanoTime() - startedNanos;
      lock.notifyAll();
    }
    LOG.info(
        "Store answers again ({}) after {}; writing the {} parked messages and fetching again",
        how,
        Duration.ofNanos(lastedNanos),
        resumed.size());
    listener.outage(false);
    for (Delivery delivery : resumed) {
      if (!delivery.isSettled()) {
        listener.transientRetry();
        retry.accept(delivery);
      }
    }
  }

  private Duration scheduleProbe() {
    Duration delay = Backoff.delay(initialDelay, maxDelay, attempts++);
    if (closed) {
      return delay;
    }
    try {
      nextProbe = timer.schedule(this::probe, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      nextProbe = null; // closing
    }
    return delay;
  }

  private void probe() {
    synchronized (lock) {
      nextProbe = null;
      if (!active || closed) {
        return;
      }
      parked.removeIf(Delivery::isSettled);
    }
    CompletionStage<?> answer;
    try {
      answer = storeProbe.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((ignored, error) -> probed(error));
  }

  private void probed(Throwable error) {
    Throwable cause = error == null ? null : Failures.unwrap(error);
    if (cause instanceof ResultStoreException failure && failure.isTransient()) {
      Duration delay;
      synchronized (lock) {
        if (!active) {
          return;
        }
        delay = scheduleProbe();
      }
      LOG.info("Store still unavailable: {}; probing again in {}", Failures.describe(cause), delay);
      return;
    }
    if (cause != null) {
      LOG.warn(
          "The store probe failed, not as an outage; taken as an answer: {}", cause.toString());
    }
    resume("its probe");
  }
}
