package dev.resultstore.nats;

import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages one source holds, bounded by {@code maxInFlight} permits. The fetcher reserves
 * permits before it pulls, each message received keeps one until it is settled, and the permits a
 * pull did not use are given back. Thread-safe.
 */
final class InFlight {
  private static final Logger LOG = LoggerFactory.getLogger(InFlight.class);

  private final Semaphore permits;
  private final Set<Delivery> held = ConcurrentHashMap.newKeySet();
  private final Object emptied = new Object();

  InFlight(int maxInFlight) {
    this.permits = new Semaphore(maxInFlight);
  }

  /**
   * Reserves between 1 and {@code max} permits for one pull: waits up to {@code wait} for the
   * first, takes what else is free, and while that is fewer than {@code enough}, lingers up to
   * {@code linger} for more. So a busy source pulls in batches rather than one message whenever one
   * write completes, and an idle one pulls at once.
   *
   * @return the number reserved; 0 when none became free in time
   */
  int reserve(int max, int enough, Duration wait, Duration linger) throws InterruptedException {
    if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return 0;
    }
    int reserved = 1 + takeFree(max - 1);
    long deadline = System.nanoTime() + linger.toNanos();
    while (reserved < Math.min(enough, max)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        break;
      }
      reserved += 1 + takeFree(max - reserved - 1);
    }
    return reserved;
  }

  private int takeFree(int max) {
    int taken = 0;
    while (taken < max && permits.tryAcquire()) {
      taken++;
    }
    return taken;
  }

  /** Gives back permits reserved for messages that did not arrive. */
  void release(int unused) {
    if (unused > 0) {
      permits.release(unused);
    }
  }

  /** Starts holding a message; it uses one of the permits its fetch reserved. */
  void hold(Delivery delivery) {
    held.add(delivery);
  }

  /**
   * Settles a held message once: runs {@code action} (ack, term or nak) unless another caller
   * settled it first, then frees its permit.
   *
   * @return whether this call settled it
   */
  boolean settle(Delivery delivery, Consumer<Message> action) {
    if (!delivery.claimSettlement()) {
      return false;
    }
    finishSettlement(delivery, action);
    return true;
  }

  /**
   * Settles a message whose settlement this caller claimed ({@link Delivery#claimSettlement()}):
   * runs {@code action} and frees its permit.
   */
  void finishSettlement(Delivery delivery, Consumer<Message> action) {
    try {
      action.accept(delivery.message());
    } catch (RuntimeException e) {
      // The connection is gone or closing: the server redelivers the message, which is safe.
      LOG.warn("Could not settle {}: {}", delivery.describe(), e.toString());
    } finally {
      held.remove(delivery);
      permits.release();
      if (held.isEmpty()) {
        synchronized (emptied) {
          emptied.notifyAll();
        }
      }
    }
  }

  /** How many messages are held. */
  int size() {
    return held.size();
  }

  /** A copy of the held messages. */
  List<Delivery> snapshot() {
    return new ArrayList<>(held);
  }

  /**
   * Marks every message held for longer than {@code olderThan} since it was received or last marked
   * as in progress, so that the server neither redelivers it nor counts a delivery.
   *
   * @return how many were marked
   */
  int keepAlive(Duration olderThan) {
    long now = System.nanoTime();
    long limit = olderThan.toNanos();
    int touched = 0;
    for (Delivery delivery : held) {
      if (!delivery.isSettled() && now - delivery.lastTouchedNanos() >= limit) {
        try {
          delivery.message().inProgress();
          delivery.touched(now);
          touched++;
        } catch (RuntimeException e) {
          LOG.debug("Could not mark {} in progress: {}", delivery.describe(), e.toString());
        }
      }
    }
    return touched;
  }

  /** Waits until no message is held; {@code true} when that happened within {@code timeout}. */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (emptied) {
      while (!held.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(emptied, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }
}
