package dev.resultstore.nats;

import io.nats.client.Message;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Acks stored messages in groups. An ack waits until {@code batch} acks wait or the oldest has
 * waited {@code linger}; then every waiting ack is sent, one after the other, so that they leave in
 * one write and reach the server in one read, rather than costing a packet, a wake-up of the
 * client's writer and one of the server each. A waiting message stays held (its permit taken) until
 * its ack is sent. The linger is at most a tenth of the consumer's shortest ack deadline, so a
 * waiting ack never comes close to a redelivery; with a zero linger every ack is sent at once.
 * Thread-safe.
 */
final class Acks {
  private final InFlight inFlight;
  private final ScheduledExecutorService timer;
  private final long lingerNanos;
  private final int batch;
  private final Supplier<Duration> ackDeadline;
  private final ConcurrentLinkedQueue<Delivery> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  /**
   * @param linger how long an ack may wait for others
   * @param batch how many waiting acks are sent without waiting longer
   * @param ackDeadline the consumer's shortest ack deadline, as last bound
   */
  Acks(
      InFlight inFlight,
      ScheduledExecutorService timer,
      Duration linger,
      int batch,
      Supplier<Duration> ackDeadline) {
    this.inFlight = inFlight;
    this.timer = timer;
    this.lingerNanos = linger.toNanos();
    this.batch = Math.max(1, batch);
    this.ackDeadline = ackDeadline;
  }

  /**
   * Claims the settlement of {@code delivery} and acks it, now or with the next group.
   *
   * @return whether this call settled it (false when another caller settled it first)
   */
  boolean ack(Delivery delivery) {
    long linger = Math.min(lingerNanos, ackDeadline.get().toNanos() / 10);
    if (linger <= 0) {
      return inFlight.settle(delivery, Message::ack);
    }
    if (!delivery.claimSettlement()) {
      return false;
    }
    waiting.add(delivery);
    if (waitingCount.incrementAndGet() >= batch) {
      flush();
    } else if (flushScheduled.compareAndSet(false, true)) {
      try {
        timer.schedule(this::lingerEnded, linger, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        flushScheduled.set(false);
        flush();
      }
    }
    return true;
  }

  /** Sends every waiting ack now; the source calls it before it gives up what it holds. */
  void flush() {
    Delivery delivery;
    while ((delivery = waiting.poll()) != null) {
      waitingCount.decrementAndGet();
      inFlight.finishSettlement(delivery, Message::ack);
    }
  }

  private void lingerEnded() {
    // Cleared before flushing: an ack added after the flush's last poll schedules the next one.
    flushScheduled.set(false);
    flush();
  }
}
