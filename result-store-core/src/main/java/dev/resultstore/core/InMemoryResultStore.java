package dev.resultstore.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link ResultSink} and {@link ResultReader} that keeps results in memory: for tests, and for
 * embedding where durability across restarts does not matter. It has the same semantics as a
 * durable store (it passes the same contract tests): idempotent upserts, the latest {@code
 * completedAt} wins whatever the arrival order, retention counted from {@code completedAt}, and
 * {@code replySubject} is not kept (the contract does not store it).
 *
 * <p>Thread-safe. Writes are serialized on a private lock; reads take no lock. {@link #get} and
 * {@link #getSummary} see the latest completed write; a query running while results are replaced is
 * weakly consistent (it sees each result as it was before or after the change, or briefly not at
 * all). Every stage is already complete when returned.
 *
 * <p>Expired results are invisible at once and removed from memory on later writes and on {@link
 * #size()}; no background thread is started. Costs: a write is O(log n), a page of k items is O(log
 * n + k) plus the expired entries it skips.
 */
public final class InMemoryResultStore implements ResultSink, ResultReader {
  private final Duration retention;
  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, InvocationResult> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<IndexKey, InvocationResult> byTime =
      new ConcurrentSkipListMap<>();
  private final Map<String, ConcurrentSkipListMap<IndexKey, InvocationResult>> byRequest =
      new ConcurrentHashMap<>();

  private InMemoryResultStore(Builder builder) {
    this.retention = builder.retention;
    this.clock = builder.clock;
  }

  /** A builder with a retention of 7 days and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Stores {@code result} unless a result for the same invocation with a later {@code completedAt}
   * is stored (then it completes with {@link WriteOutcome#STORED} and changes nothing).
   *
   * @throws NullPointerException when {@code result} is {@code null}
   */
  @Override
  public CompletionStage<WriteOutcome> write(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    Instant now = clock.instant();
    if (!isLive(result, now)) {
      return CompletableFuture.completedFuture(WriteOutcome.EXPIRED);
    }
    InvocationResult stored =
        result.replySubject() == null ? result : result.toBuilder().replySubject(null).build();
    synchronized (lock) {
      evictExpired(now);
      InvocationResult existing = byId.get(stored.invocationId());
      if (existing != null && existing.completedAt().isAfter(stored.completedAt())) {
        return CompletableFuture.completedFuture(WriteOutcome.STORED);
      }
      // Index the new version before publishing it, and unindex the old one after: a lock-free
      // reader checks an index entry against byId, so it never returns both versions.
      IndexKey key = IndexKey.of(stored);
      byTime.put(key, stored);
      byRequest
          .computeIfAbsent(stored.serverlessRequestId(), id -> new ConcurrentSkipListMap<>())
          .put(key, stored);
      byId.put(stored.invocationId(), stored);
      if (existing != null) {
        unindex(existing, key, stored.serverlessRequestId());
      }
    }
    return CompletableFuture.completedFuture(WriteOutcome.STORED);
  }

  @Override
  public CompletionStage<Optional<InvocationResult>> get(String invocationId) {
    requireId("invocationId", invocationId);
    InvocationResult result = byId.get(invocationId);
    if (result == null || !isLive(result, clock.instant())) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.completedFuture(Optional.of(result));
  }

  @Override
  public CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
    return get(invocationId).thenApply(result -> result.map(ResultSummary::of));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The window is compared at millisecond precision, as a CQL timestamp would be: a result is
   * included when its {@code completedAt} truncated to milliseconds is at or after {@code from} and
   * before {@code to}, both truncated to milliseconds.
   */
  @Override
  public CompletionStage<ResultPage> queryByRequest(
      String serverlessRequestId, TimeWindow window, PageRequest page) {
    requireId("serverlessRequestId", serverlessRequestId);
    Query query = Query.of(window, page);
    NavigableMap<IndexKey, InvocationResult> index = byRequest.get(serverlessRequestId);
    return CompletableFuture.completedFuture(
        index == null
            ? new ResultPage(List.of(), null)
            : query.run(index, this::isVisible, clock.instant()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The window is compared at millisecond precision, as in {@link #queryByRequest}.
   */
  @Override
  public CompletionStage<ResultPage> queryByTime(TimeWindow window, PageRequest page) {
    Query query = Query.of(window, page);
    return CompletableFuture.completedFuture(query.run(byTime, this::isVisible, clock.instant()));
  }

  /** How many results are stored and not expired; removes expired ones first. O(n). */
  public int size() {
    Instant now = clock.instant();
    synchronized (lock) {
      evictExpired(now);
    }
    int live = 0;
    for (InvocationResult result : byId.values()) {
      if (isLive(result, now)) {
        live++;
      }
    }
    return live;
  }

  /** Removes every result. */
  public void clear() {
    synchronized (lock) {
      byId.clear();
      byTime.clear();
      byRequest.clear();
    }
  }

  /** The retention results are kept for, counted from their {@code completedAt}; 0 = forever. */
  public Duration retention() {
    return retention;
  }

  private boolean isVisible(IndexKey key, InvocationResult indexed, Instant now) {
    return byId.get(key.invocationId()) == indexed && isLive(indexed, now);
  }

  private boolean isLive(InvocationResult result, Instant now) {
    if (retention.isZero()) {
      return true;
    }
    Instant completedAt = result.completedAt();
    // now < completedAt + retention, written so that it cannot overflow
    return Duration.between(completedAt, now).compareTo(retention) < 0;
  }

  /** Removes expired results, oldest first; stops at the first live one. Holds the lock. */
  private void evictExpired(Instant now) {
    if (retention.isZero()) {
      return;
    }
    Map.Entry<IndexKey, InvocationResult> oldest;
    while ((oldest = byTime.lastEntry()) != null && !isLive(oldest.getValue(), now)) {
      InvocationResult expired = oldest.getValue();
      byTime.remove(oldest.getKey());
      removeFromRequest(expired.serverlessRequestId(), oldest.getKey());
      byId.remove(expired.invocationId(), expired);
    }
  }

  /** Removes {@code old}'s index entries unless they are the new version's. Holds the lock. */
  private void unindex(InvocationResult old, IndexKey newKey, String newRequestId) {
    IndexKey oldKey = IndexKey.of(old);
    boolean sameRequest = old.serverlessRequestId().equals(newRequestId);
    if (!oldKey.equals(newKey)) {
      byTime.remove(oldKey);
    }
    if (!oldKey.equals(newKey) || !sameRequest) {
      removeFromRequest(old.serverlessRequestId(), oldKey);
    }
  }

  private void removeFromRequest(String serverlessRequestId, IndexKey key) {
    ConcurrentSkipListMap<IndexKey, InvocationResult> index = byRequest.get(serverlessRequestId);
    if (index != null) {
      index.remove(key);
      if (index.isEmpty()) {
        byRequest.remove(serverlessRequestId, index);
      }
    }
  }

  private static void requireId(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, but was " + quote(value));
    }
  }

  private static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }

  /** Builds an {@link InMemoryResultStore}. */
  public static final class Builder {
    private Duration retention = Duration.ofDays(7);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * How long a result stays readable, counted from its {@code completedAt}. Default: 7 days;
     * {@link Duration#ZERO} keeps results forever.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder retention(Duration value) {
      Objects.requireNonNull(value, "retention");
      if (value.isNegative()) {
        throw new IllegalArgumentException("retention must not be negative, but was " + value);
      }
      retention = value;
      return this;
    }

    /** The clock that says when results expire. Default: the system clock in UTC. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** A new, empty store. */
    public InMemoryResultStore build() {
      return new InMemoryResultStore(this);
    }
  }

  /** The execution of one page request over an index. */
  private record Query(long fromMillis, long toMillis, int size, PageCursor cursor) {

    static Query of(TimeWindow window, PageRequest page) {
      if (window == null) {
        throw new IllegalArgumentException("a time window is required");
      }
      if (page == null) {
        throw new IllegalArgumentException("a page request is required");
      }
      PageCursor cursor = page.cursor() == null ? null : PageCursor.decode(page.cursor());
      return new Query(
          IndexKey.millis(window.from()), IndexKey.millis(window.to()), page.size(), cursor);
    }

    ResultPage run(
        NavigableMap<IndexKey, InvocationResult> index, Visibility visibility, Instant now) {
      if (fromMillis >= toMillis) {
        return new ResultPage(List.of(), null);
      }
      IndexKey start = new IndexKey(toMillis - 1, "");
      NavigableMap<IndexKey, InvocationResult> view = index.tailMap(start, true);
      if (cursor != null) {
        IndexKey after = new IndexKey(cursor.completedAtMillis(), cursor.invocationId());
        if (after.compareTo(start) >= 0) {
          view = index.tailMap(after, false);
        }
      }
      List<ResultSummary> items = new ArrayList<>(Math.min(size, 64));
      for (Map.Entry<IndexKey, InvocationResult> entry : view.entrySet()) {
        if (entry.getKey().completedAtMillis() < fromMillis) {
          break;
        }
        if (!visibility.test(entry.getKey(), entry.getValue(), now)) {
          continue;
        }
        if (items.size() == size) {
          return new ResultPage(items, PageCursor.after(items.get(size - 1)).encode());
        }
        items.add(ResultSummary.of(entry.getValue()));
      }
      return new ResultPage(items, null);
    }
  }

  @FunctionalInterface
  private interface Visibility {
    boolean test(IndexKey key, InvocationResult indexed, Instant now);
  }
}
