package dev.resultstore.cql;

import dev.resultstore.core.TransientStoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Bounds the writes in flight without blocking any thread. {@link #acquire()} returns a completed
 * stage while fewer than {@code permits} writes run; otherwise the write waits in a FIFO queue of
 * at most {@code maxWaiting} entries and its stage completes when a running write {@link #release()
 * releases} its permit. When the queue is full too, {@link #acquire()} throws {@link
 * TransientStoreException}: the caller exceeds its own bound and should back off.
 *
 * <p>Waiters are completed outside the lock and never recursively: a release that completes a
 * waiter whose write fails at once (and releases again) runs on the same stack frame loop, not a
 * deeper one.
 */
final class WritePermits {
  private final Object lock = new Object();
  private final int permits;
  private final int maxWaiting;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private final ThreadLocal<List<CompletableFuture<Void>>> handing = new ThreadLocal<>();
  private int inFlight;

  WritePermits(int permits, int maxWaiting) {
    this.permits = permits;
    this.maxWaiting = maxWaiting;
  }

  /**
   * A stage that completes when the caller holds a permit; it must then call {@link #release()}
   * exactly once.
   *
   * @throws TransientStoreException when {@code permits} writes run and {@code maxWaiting} wait
   */
  CompletableFuture<Void> acquire() {
    synchronized (lock) {
      if (inFlight < permits) {
        inFlight++;
        return CompletableFuture.completedFuture(null);
      }
      if (waiting.size() >= maxWaiting) {
        throw new TransientStoreException(
            "CQL store: "
                + permits
                + " writes are in flight and "
                + waiting.size()
                + " wait; the caller writes faster than its bound allows, back off and retry",
            null);
      }
      CompletableFuture<Void> waiter = new CompletableFuture<>();
      waiting.add(waiter);
      return waiter;
    }
  }

  /** Gives a permit back, handing it to the longest waiting write if there is one. */
  void release() {
    CompletableFuture<Void> next;
    synchronized (lock) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
        return;
      }
    }
    List<CompletableFuture<Void>> pending = handing.get();
    if (pending != null) {
      pending.add(next);
      return;
    }
    pending = new ArrayList<>();
    pending.add(next);
    handOff(pending);
  }

  /**
   * Runs {@code completions} (stages completing the writes of a group whose rows were written
   * together); permits they release on this thread are handed to waiting writes only once it
   * returned. So every write of the group settles (its commit notification published, its ack
   * queued) before the writes waiting for permits start on this thread: otherwise the last write of
   * a group of 128 waits for 127 statements to be bound and sent before it is settled.
   */
  void handOffAfter(Runnable completions) {
    if (handing.get() != null) {
      completions.run();
      return;
    }
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    handing.set(pending);
    try {
      completions.run();
    } finally {
      handOff(pending);
    }
  }

  /** Completes {@code pending} in order, and whatever their writes release meanwhile. */
  private void handOff(List<CompletableFuture<Void>> pending) {
    handing.set(pending);
    try {
      for (int i = 0; i < pending.size(); i++) {
        pending.get(i).complete(null);
      }
    } finally {
      handing.remove();
    }
  }

  /** Whether every permit is held: writes arriving now wait, the store is the bottleneck. */
  boolean exhausted() {
    synchronized (lock) {
      return inFlight >= permits;
    }
  }

  /** Writes holding a permit. */
  int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /** Writes waiting for a permit. */
  int waiting() {
    synchronized (lock) {
      return waiting.size();
    }
  }
}
