package dev.resultstore.nats;

import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages one source holds, bounded twice: by {@code maxInFlight} messages and by {@code
 * maxInFlightBytes} bytes. The fetcher reserves both before it pulls (a {@link Reservation}), each
 * message received takes its share of the reservation and keeps it until it is settled, and what a
 * pull did not use is given back. Each held message records what it took, so a share is returned
 * exactly once whatever fails in between. Thread-safe.
 */
final class InFlight {
  private static final Logger LOG = LoggerFactory.getLogger(InFlight.class);

  private final int maxMessages;
  private final long maxBytes;
  private final Object lock = new Object();
  private final Set<Delivery> held = ConcurrentHashMap.newKeySet();

  private int usedMessages;
  private long usedBytes;

  /**
   * What a thread waiting in {@link #reserve} needs free before it can go on (guarded by {@code
   * lock}; 0 messages when none waits). A settled message wakes it only when that is free, not at
   * every settlement: a busy source settles thousands of messages a second while the fetcher waits
   * for room, and a wake-up that finds too little free costs a thread switch each.
   */
  private int wantedMessages;

  private long wantedBytes;

  InFlight(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  /** What one pull may bring: messages and bytes taken from the budget until used or released. */
  static final class Reservation {
    private int messages;
    private long bytes;

    private Reservation(int messages, long bytes) {
      this.messages = messages;
      this.bytes = bytes;
    }

    /** Messages the pull may still bring. */
    int messages() {
      return messages;
    }

    /** Bytes the pull may still bring. */
    long bytes() {
      return bytes;
    }
  }

  /**
   * Reserves between 1 and {@code max} messages and between {@code minBytes} and {@code maxPull}
   * bytes for one pull: waits up to {@code wait} for one message and {@code minBytes} to be free,
   * takes what else is free, and while that is fewer than {@code enough} messages, lingers up to
   * {@code linger} for more. So a busy source pulls in batches rather than one message whenever one
   * write completes, and an idle one pulls at once. {@code minBytes} is capped at the budget.
   *
   * <p>One thread reserves at a time (the fetcher): settlements wake it only once what it waits for
   * is free, and a second thread waiting at the same time would be woken by its deadline at the
   * latest.
   *
   * @return the reservation; {@code null} when nothing became free in time
   */
  Reservation reserve(
      int max, int enough, long minBytes, long maxPull, Duration wait, Duration linger)
      throws InterruptedException {
    long needBytes = Math.min(minBytes, maxBytes);
    synchronized (lock) {
      long deadline = System.nanoTime() + wait.toNanos();
      try {
        wantedMessages = 1;
        wantedBytes = needBytes;
        while (maxMessages - usedMessages < 1 || maxBytes - usedBytes < needBytes) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
        long lingerUntil = System.nanoTime() + linger.toNanos();
        int target = Math.min(enough, max);
        wantedMessages = target;
        wantedBytes = 0;
        while (maxMessages - usedMessages < target) {
          long left = lingerUntil - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } finally {
        wantedMessages = 0;
        wantedBytes = 0;
      }
      int messages = Math.min(max, maxMessages - usedMessages);
      long bytes = Math.max(needBytes, Math.min(maxPull, maxBytes - usedBytes));
      usedMessages += messages;
      usedBytes += bytes;
      return new Reservation(messages, bytes);
    }
  }

  /** Gives back what {@code reservation} did not use; idempotent. */
  void release(Reservation reservation) {
    synchronized (lock) {
      usedMessages -= reservation.messages;
      usedBytes -= reservation.bytes;
      reservation.messages = 0;
      reservation.bytes = 0;
      lock.notifyAll();
    }
  }

  /**
   * Starts holding a message that arrived for {@code reservation}: it takes one message and its
   * size from it. A message larger than what is left takes the difference from the budget, so the
   * budget is overdrawn by at most one message.
   */
  void hold(Delivery delivery, Reservation reservation) {
    synchronized (lock) {
      long size = delivery.size();
      if (reservation.messages > 0) {
        reservation.messages--;
      } else {
        usedMessages++;
      }
      long fromReservation = Math.min(size, reservation.bytes);
      reservation.bytes -= fromReservation;
      usedBytes += size - fromReservation;
    }
    held.add(delivery);
  }

  /**
   * Starts holding a message no pull reserved for (one that arrived after its pull ended): it is
   * held like any other, overdrawing the budget by its share until it is settled.
   */
  void adopt(Delivery delivery) {
    synchronized (lock) {
      usedMessages++;
      usedBytes += delivery.size();
    }
    held.add(delivery);
  }

  /**
   * Settles a held message once: runs {@code action} (ack, term or nak) unless another caller
   * settled it first, then frees its share.
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
   * runs {@code action} and frees its share.
   */
  void finishSettlement(Delivery delivery, Consumer<Message> action) {
    try {
      action.accept(delivery.message());
    } catch (RuntimeException e) {
      // The connection is gone or closing: the server redelivers the message, which is safe.
      LOG.warn("Could not settle {}: {}", delivery.describe(), e.toString());
    } finally {
      if (held.remove(delivery)) {
        synchronized (lock) {
          usedMessages--;
          usedBytes -= delivery.size();
          if (held.isEmpty()
              || (wantedMessages > 0
                  && maxMessages - usedMessages >= wantedMessages
                  && maxBytes - usedBytes >= wantedBytes)) {
            lock.notifyAll();
          }
        }
      }
    }
  }

  /** How many messages are held. */
  int size() {
    return held.size();
  }

  /** Messages that may still be reserved. */
  int freeMessages() {
    synchronized (lock) {
      return maxMessages - usedMessages;
    }
  }

  /** Bytes that may still be reserved (negative while overdrawn). */
  long freeBytes() {
    synchronized (lock) {
      return maxBytes - usedBytes;
    }
  }

  /** Bytes of the messages held right now. */
  long heldBytes() {
    long bytes = 0;
    for (Delivery delivery : held) {
      bytes += delivery.size();
    }
    return bytes;
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
    synchronized (lock) {
      while (!held.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }
}
