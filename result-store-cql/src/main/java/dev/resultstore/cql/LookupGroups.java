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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Groups the lookup rows of in-flight results by partition, so that the rows of one partition go to
 * the server as one single-partition unlogged batch: one request and one mutation however many rows
 * it holds (fewer requests, less client CPU; the server still decodes, flushes and compacts each
 * row).
 *
 * <p>While the writes keep up ({@code backlogged} says no), a row of a partition with no group at
 * the server goes at once, alone, and a row of a partition with one there waits in the partition's
 * waiting group until that group is answered: grouping adds no latency where it would not group.
 * While they do not ({@code backlogged} says yes: writes wait for permits, the server sets the
 * pace), every row waits in its partition's group, which is the case grouping pays for. A waiting
 * group is sent when it reaches {@code maxRows} rows or {@code maxBytes} bytes, or {@code linger}
 * after its first row, whichever comes first, so a row waits at most {@code linger}. Adding never
 * waits: it takes a short lock, and sending only hands the group to the driver, so it is safe on a
 * driver I/O thread. Every row's future completes when its group's send completes, with the same
 * outcome: a failed group fails the write of every result in it (the results are retried, and every
 * row write is idempotent). A linger of zero sends every row alone. The rows' stages complete
 * inside {@code completing} (see {@link WritePermits#handOffAfter}), on the thread that completed
 * the send.
 *
 * <p>Memory: a waiting group never holds more than {@code maxRows} rows and {@code maxBytes} bytes,
 * and rows are only added by writes holding a write permit, so all groups together hold at most two
 * rows per permitted write; a partition is tracked only while it has a group sent or waiting.
 *
 * @param <R> a row (a bound statement; anything in the unit tests)
 */
final class LookupGroups<R> {
  private final Function<List<R>, CompletionStage<?>> send;
  private final ScheduledExecutorService timer;
  private final Consumer<Runnable> completing;
  private final BooleanSupplier backlogged;
  private final long lingerNanos;
  private final int maxRows;
  private final long maxBytes;
  private final Map<Object, Partition> partitions = new HashMap<>();

  /**
   * Groups whose rows' stages complete directly on the thread that completed the send, for writes
   * that keep up.
   */
  LookupGroups(
      Function<List<R>, CompletionStage<?>> send,
      ScheduledExecutorService timer,
      Duration linger,
      int maxRows,
      long maxBytes) {
    this(send, timer, Runnable::run, () -> false, linger, maxRows, maxBytes);
  }

  /**
   * @param send sends one group of rows of one partition; its stage completes when they are written
   * @param timer runs the linger flushes; never blocked by them for longer than a send takes
   * @param completing runs the completion of a group's rows' stages (given as one task)
   * @param backlogged whether the writes are behind (see {@link WritePermits#exhausted()})
   */
  LookupGroups(
      Function<List<R>, CompletionStage<?>> send,
      ScheduledExecutorService timer,
      Consumer<Runnable> completing,
      BooleanSupplier backlogged,
      Duration linger,
      int maxRows,
      long maxBytes) {
    if (maxRows < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxRows and maxBytes must be positive");
    }
    this.send = send;
    this.timer = timer;
    this.completing = completing;
    this.backlogged = backlogged;
    this.lingerNanos = linger.toNanos();
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
  }

  /**
   * Adds {@code row} of {@code partition} ({@code bytes} about its size); completes when the group
   * it went in is written, exceptionally when that failed.
   */
  CompletionStage<Void> add(Object partition, R row, long bytes) {
    if (lingerNanos <= 0) {
      Group alone = new Group(null);
      alone.rows.add(row);
      sendGroup(alone);
      return alone.done;
    }
    boolean keepingUp = !backlogged.getAsBoolean();
    Group joined;
    Group ready = null;
    synchronized (partitions) {
      Partition p = partitions.computeIfAbsent(partition, Partition::new);
      if (keepingUp && p.sent == 0 && p.waiting == null) {
        joined = new Group(p);
        joined.rows.add(row);
        ready = joined;
      } else {
        if (p.waiting == null) {
          p.waiting = startWaiting(p);
        }
        joined = p.waiting;
        joined.rows.add(row);
        joined.bytes += bytes;
        if (joined.lingering == null || joined.rows.size() >= maxRows || joined.bytes >= maxBytes) {
          ready = takeWaiting(p);
        }
      }
      if (ready != null) {
        p.sent++;
      }
    }
    CompletableFuture<Void> done = joined.done;
    if (ready != null) {
      sendGroup(ready);
    }
    return done;
  }

  /** Sends every waiting group now (when the store closes): no row is left waiting for a timer. */
  void flushAll() {
    List<Group> groups = new ArrayList<>();
    synchronized (partitions) {
      for (Partition p : partitions.values()) {
        if (p.waiting != null) {
          groups.add(takeWaiting(p));
          p.sent++;
        }
      }
    }
    groups.forEach(this::sendGroup);
  }

  /** How many groups wait to be sent (for tests). */
  int openGroups() {
    synchronized (partitions) {
      return (int) partitions.values().stream().filter(p -> p.waiting != null).count();
    }
  }

  /** How many partitions have a group sent or waiting (for tests). */
  int trackedPartitions() {
    synchronized (partitions) {
      return partitions.size();
    }
  }

  /**
   * A new waiting group of {@code p}, sent by the timer after the linger. Holds {@code partitions}.
   */
  private Group startWaiting(Partition p) {
    Group group = new Group(p);
    try {
      group.lingering =
          timer.schedule(() -> sendLingering(group), lingerNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      group.lingering = null; // the store is closing: the group goes at once
    }
    return group;
  }

  /** Removes {@code p}'s waiting group and stops its timer. Holds {@code partitions}. */
  private Group takeWaiting(Partition p) {
    Group group = p.waiting;
    p.waiting = null;
    if (group.lingering != null) {
      group.lingering.cancel(false);
    }
    return group;
  }

  private void sendLingering(Group group) {
    synchronized (partitions) {
      Partition p = group.partition;
      if (p.waiting != group) {
        return;
      }
      p.waiting = null;
      p.sent++;
    }
    sendGroup(group);
  }

  /**
   * After a group of {@code p} was answered: the next group of {@code p} to send now, if one waits
   * and the writes keep up.
   */
  private Group answered(Partition p) {
    if (p == null) {
      return null;
    }
    boolean keepingUp = !backlogged.getAsBoolean();
    synchronized (partitions) {
      p.sent--;
      if (p.sent > 0) {
        return null;
      }
      if (p.waiting == null) {
        partitions.remove(p.key, p);
        return null;
      }
      if (!keepingUp) {
        return null; // it waits for its linger or to fill
      }
      p.sent++;
      return takeWaiting(p);
    }
  }

  private void sendGroup(Group group) {
    CompletionStage<?> sent;
    try {
      sent = send.apply(List.copyOf(group.rows));
    } catch (RuntimeException e) {
      Group next = answered(group.partition);
      group.done.completeExceptionally(e);
      if (next != null) {
        sendGroup(next);
      }
      return;
    }
    sent.whenComplete(
        (ignored, error) -> {
          Group next = answered(group.partition);
          if (next != null) {
            sendGroup(next);
          }
          completing.accept(
              () -> {
                if (error != null) {
                  group.done.completeExceptionally(error);
                } else {
                  group.done.complete(null);
                }
              });
        });
  }

  /** A partition with a group at the server or waiting. Guarded by {@code partitions}. */
  private final class Partition {
    final Object key;
    int sent;
    Group waiting;

    Partition(Object key) {
      this.key = key;
    }
  }

  /** Rows sent together. Its rows and bytes are guarded by {@code partitions} while it waits. */
  private final class Group {
    final Partition partition;
    final List<R> rows = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    long bytes;
    ScheduledFuture<?> lingering;

    Group(Partition partition) {
      this.partition = partition;
    }
  }
}
