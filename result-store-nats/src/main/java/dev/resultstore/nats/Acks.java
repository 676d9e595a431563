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
 * waiting ack never comes close to a redelivery; with a zero linger the acks are sent as soon as
 * the timer thread gets to them. Thread-safe.
 */
final class Acks {
  private final InFlight inFlight;
  private final ScheduledExecutorService timer;
  private final long lingerNanos;
  private final int batch;
  private final Supplier<Duration> ackDeadline;
  private final ConcurrentLinkedQueue<Delivery> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final AtomicBoolean sendQueued = new AtomicBoolean();
  private final AtomicBoolean lingerScheduled = new AtomicBoolean();

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
   * Claims the settlement of {@code delivery} and has it acked with the next group. Never blocks
   * and never calls the NATS client: the acks are sent on the timer thread, so any thread may call
   * this, the store's I/O threads included.
   *
   * @return whether this call settled it (false when another caller settled it first)
   */
  boolean ack(Delivery delivery) {
    if (!delivery.claimSettlement()) {
      return false;
    }
    waiting.add(delivery);
    int waitingNow = waitingCount.incrementAndGet();
    long linger = Math.min(lingerNanos, ackDeadline.get().toNanos() / 10);
    if (linger <= 0 || waitingNow >= batch) {
      if (sendQueued.compareAndSet(false, true)) {
        onTimer(this::sendNow, 0);
      }
    } else if (lingerScheduled.compareAndSet(false, true)) {
      onTimer(this::lingerEnded, linger);
    }
    return true;
  }

  /** Sends every waiting ack now, on the calling thread; the source calls it when it stops. */
  void flush() {
    Delivery delivery;
    while ((delivery = waiting.poll()) != null) {
      waitingCount.decrementAndGet();
      inFlight.finishSettlement(delivery, Message::ack);
    }
  }

  // Each task clears its flag before it flushes: an ack added after the flush's last poll
  // queues the next task.
  private void sendNow() {
    sendQueued.set(false);
    flush();
  }

  private void lingerEnded() {
    lingerScheduled.set(false);
    flush();
  }

  private void onTimer(Runnable task, long delayNanos) {
    try {
      timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The source is stopping and its timer is gone: send them here.
      flush();
    }
  }
}
