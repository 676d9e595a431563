package dev.resultstore.cql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Groups the lookup rows of in-flight results by partition, so that the rows of one partition go to
 * the server as one single-partition unlogged batch: one mutation, one statement's worth of server
 * work, however many rows it holds.
 *
 * <p>A group is sent when it reaches {@code maxRows} rows or {@code maxBytes} bytes (on the thread
 * that added its last row), or {@code linger} after its first row (on the timer's thread),
 * whichever comes first. Adding never waits: it takes a short lock, and sending only hands the
 * group to the driver, so it is safe on a driver I/O thread. Every row's future completes when its
 * group's send completes, with the same outcome: a failed group fails the write of every result in
 * it (the results are retried, and every row write is idempotent). A linger of zero sends every row
 * alone. The rows' stages complete inside {@code completing} (see {@link
 * WritePermits#handOffAfter}), on the thread that completed the send.
 *
 * <p>Memory: a group never holds more than {@code maxRows} rows and {@code maxBytes} bytes, and
 * rows are only added by writes holding a write permit, so all open groups together hold at most
 * two rows per permitted write.
 *
 * @param <R> a row (a bound statement; anything in the unit tests)
 */
final class LookupGroups<R> {
  private final Function<List<R>, CompletionStage<?>> send;
  private final ScheduledExecutorService timer;
  private final Consumer<Runnable> completing;
  private final long lingerNanos;
  private final int maxRows;
  private final long maxBytes;
  private final Map<Object, Group> open = new HashMap<>();

  /** Groups whose rows' stages complete directly on the thread that completed the send. */
  LookupGroups(
      Function<List<R>, CompletionStage<?>> send,
      ScheduledExecutorService timer,
      Duration linger,
      int maxRows,
      long maxBytes) {
    this(send, timer, Runnable::run, linger, maxRows, maxBytes);
  }

  /**
   * @param send sends one group of rows of one partition; its stage completes when they are written
   * @param timer runs the linger flushes; never blocked by them for longer than a send takes
   * @param completing runs the completion of a group's rows' stages (given as one task)
   */
  LookupGroups(
      Function<List<R>, CompletionStage<?>> send,
      ScheduledExecutorService timer,
      Consumer<Runnable> completing,
      Duration linger,
      int maxRows,
      long maxBytes) {
    if (maxRows < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxRows and maxBytes must be positive");
    }
    this.send = send;
    this.timer = timer;
    this.completing = completing;
    this.lingerNanos = linger.toNanos();
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
  }

  /**
   * Adds {@code row} of {@code partition} ({@code bytes} about its size) to that partition's open
   * group; completes when the group is written, exceptionally when it failed.
   */
  CompletionStage<Void> add(Object partition, R row, long bytes) {
    if (lingerNanos <= 0) {
      Group alone = new Group(partition);
      alone.rows.add(row);
      sendGroup(alone);
      return alone.done;
    }
    Group full = null;
    Group group;
    synchronized (open) {
      group = open.get(partition);
      if (group == null) {
        group = new Group(partition);
        open.put(partition, group);
        Group scheduled = group;
        try {
          group.lingering =
              timer.schedule(() -> flushLingering(scheduled), lingerNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          group.lingering = null; // the store is closing: the group goes at once
        }
      }
      group.rows.add(row);
      group.bytes += bytes;
      if (group.lingering == null || group.rows.size() >= maxRows || group.bytes >= maxBytes) {
        open.remove(partition);
        if (group.lingering != null) {
          group.lingering.cancel(false);
        }
        full = group;
      }
    }
    CompletableFuture<Void> done = group.done;
    if (full != null) {
      sendGroup(full);
    }
    return done;
  }

  /** Sends every open group now (when the store closes): no row is left waiting for a timer. */
  void flushAll() {
    List<Group> groups;
    synchronized (open) {
      groups = new ArrayList<>(open.values());
      open.clear();
    }
    for (Group group : groups) {
      if (group.lingering != null) {
        group.lingering.cancel(false);
      }
      sendGroup(group);
    }
  }

  /** How many groups are open (for tests). */
  int openGroups() {
    synchronized (open) {
      return open.size();
    }
  }

  private void flushLingering(Group group) {
    synchronized (open) {
      if (!open.remove(group.partition, group)) {
        return;
      }
    }
    sendGroup(group);
  }

  private void sendGroup(Group group) {
    CompletionStage<?> sent;
    try {
      sent = send.apply(List.copyOf(group.rows));
    } catch (RuntimeException e) {
      group.done.completeExceptionally(e);
      return;
    }
    sent.whenComplete(
        (ignored, error) ->
            completing.accept(
                () -> {
                  if (error != null) {
                    group.done.completeExceptionally(error);
                  } else {
                    group.done.complete(null);
                  }
                }));
  }

  /** The rows of one partition not sent yet. Guarded by {@code open} until it is removed. */
  private final class Group {
    final Object partition;
    final List<R> rows = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    long bytes;
    ScheduledFuture<?> lingering;

    Group(Object partition) {
      this.partition = partition;
    }
  }
}
