package dev.resultstore.core;

import java.time.Instant;
import java.util.PriorityQueue;

/**
 * What an in-memory store must forget, soonest first: each entry runs its purge once its time has
 * come; a purge checks that what it would remove was not replaced meanwhile. Not thread-safe: used
 * under the store's lock. Bounded by what the store holds.
 */
final class Expiries {
  private final PriorityQueue<Due> queue = new PriorityQueue<>();
  private long sequence;

  /** Runs {@code purge} at the first {@link #purgeDue} at or after {@code at}; null = never. */
  void add(Instant at, Runnable purge) {
    if (at != null && !at.equals(Instant.MAX)) {
      queue.add(new Due(at, sequence++, purge));
    }
  }

  /** Runs every purge whose time has come. */
  void purgeDue(Instant now) {
    Due next;
    while ((next = queue.peek()) != null && !next.at.isAfter(now)) {
      queue.poll().purge.run();
    }
  }

  void clear() {
    queue.clear();
  }

  private record Due(Instant at, long sequence, Runnable purge) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
