package dev.resultstore.nats;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store outage: entered on the first transient write failure, left as soon as the store answers
 * again. While it lasts, the fetcher fetches nothing, the messages whose writes failed are parked
 * (still held and kept alive by the keep-alive, never nak'ed), and one of them at a time is retried
 * as a probe, with exponential back-off. When a write started during the outage succeeds (or the
 * store refuses one for good, or fails in a way we cannot classify: it answered) every parked
 * message is written again. An outage of any length loses and dead-letters nothing. Thread-safe.
 */
final class OutageControl {
  private static final Logger LOG = LoggerFactory.getLogger(OutageControl.class);

  private final Object lock = new Object();
  private final ArrayDeque<Delivery> parked = new ArrayDeque<>();
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService timer;
  private final SafeListener listener;
  private final Consumer<Delivery> retry;

  private volatile boolean active;
  private Delivery probe;
  private int attempts;
  private long startedNanos;
  private ScheduledFuture<?> nextProbe;

  /**
   * @param retry writes a parked message again; must not block
   */
  OutageControl(
      Duration initialDelay,
      Duration maxDelay,
      ScheduledExecutorService timer,
      SafeListener listener,
      Consumer<Delivery> retry) {
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.timer = timer;
    this.listener = listener;
    this.retry = retry;
  }

  /** Whether a store outage is going on. */
  boolean active() {
    return active;
  }

  /** The write of {@code delivery} failed transiently: park it, entering an outage if needed. */
  void failedTransiently(Delivery delivery, Throwable error) {
    boolean entered = false;
    Duration delay;
    synchronized (lock) {
      parked.add(delivery);
      if (!active) {
        active = true;
        entered = true;
        attempts = 0;
        startedNanos = System.nanoTime();
        delay = scheduleProbe();
      } else if (delivery == probe) {
        probe = null;
        delay = scheduleProbe();
      } else {
        return;
      }
    }
    if (entered) {
      LOG.warn(
          "Store outage: {}. Fetching paused; held messages are kept alive; retrying in {}",
          Failures.describe(error),
          delay);
      listener.outage(true);
    } else {
      LOG.info("Store still unavailable: {}; retrying in {}", Failures.describe(error), delay);
    }
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
    List<Delivery> resumed;
    long lastedNanos;
    synchronized (lock) {
      if (!active || writeStartedNanos - startedNanos < 0) {
        return;
      }
      active = false;
      probe = null;
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
        "Store answers again after {}; writing the {} parked messages and fetching again",
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
      if (nextProbe != null) {
        nextProbe.cancel(false);
        nextProbe = null;
      }
      lock.notifyAll();
    }
  }

  private Duration scheduleProbe() {
    Duration delay = Backoff.delay(initialDelay, maxDelay, attempts++);
    try {
      nextProbe = timer.schedule(this::probe, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      nextProbe = null; // closing
    }
    return delay;
  }

  private void probe() {
    Delivery candidate;
    synchronized (lock) {
      nextProbe = null;
      if (!active) {
        return;
      }
      candidate = parked.poll();
      while (candidate != null && candidate.isSettled()) {
        candidate = parked.poll();
      }
      if (candidate == null) {
        // Every parked message was settled (drained): nothing to probe with. Fetching resumes
        // and the next write tells whether the store is back.
        active = false;
        lock.notifyAll();
      } else {
        probe = candidate;
      }
    }
    if (candidate == null) {
      listener.outage(false);
      return;
    }
    listener.transientRetry();
    retry.accept(candidate);
  }
}
