package dev.resultstore.core;

import dev.resultstore.core.internal.PageCursor;
import dev.resultstore.core.internal.ResultWaiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * <p>Besides results it keeps what {@link #status} needs: an expiry marker per result (for {@code
 * expiryMarkerRetention} after the result expired), dead-letter records, and the deletion time of
 * each deleted id (until the longest retention has passed), which keeps out any later copy whose
 * {@code completedAt} is not after the deletion. {@link #await} is fed by the store's own writes.
 *
 * <p>Expired entries are invisible at once and removed from memory on later writes and deletes and
 * on {@link #size()}; no background thread is started (waits use {@link ResultWaiter}'s shared
 * timer). Costs: a write is O(log n), a page of k items is O(log n + k) plus the expired entries it
 * skips.
 */
public final class InMemoryResultStore implements ResultSink, ResultReader {
  private final Duration retention;
  private final Retentions retentions;
  private final Duration expiryMarkerRetention;
  private final Clock clock;
  private final Object lock = new Object();
  private final Expiries expiries = new Expiries();
  private final Map<String, Instant> expiryMarkers = new ConcurrentHashMap<>();
  private final Map<String, DeadLetterRecord> deadLetters = new ConcurrentHashMap<>();
  private final Map<String, Instant> deletions = new ConcurrentHashMap<>();
  private final ResultWaiter waiter;
  private final Map<String, InvocationResult> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<IndexKey, InvocationResult> byTime =
      new ConcurrentSkipListMap<>();
  private final Map<String, ConcurrentSkipListMap<IndexKey, InvocationResult>> byRequest =
      new ConcurrentHashMap<>();

  private InMemoryResultStore(Builder builder) {
    this.retention = builder.retention;
    this.retentions = new Retentions(builder.retention, builder.retentionByState);
    this.expiryMarkerRetention = builder.expiryMarkerRetention;
    this.clock = builder.clock;
    this.waiter = ResultWaiter.builder(this).build();
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
    String invocationId = stored.invocationId();
    synchronized (lock) {
      expiries.purgeDue(now);
      InvocationResult existing = byId.get(invocationId);
      if (existing != null && existing.completedAt().isAfter(stored.completedAt())) {
        return CompletableFuture.completedFuture(WriteOutcome.STORED);
      }
      if (isDeleted(invocationId, stored.completedAt())) {
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
      Instant expiresAt = Retentions.end(stored.completedAt(), retentions.of(stored.state()));
      expiries.add(expiresAt, () -> purge(stored));
      if (expiresAt != null && !expiryMarkerRetention.isZero()) {
        expiryMarkers.put(invocationId, expiresAt);
        expiries.add(
            Retentions.end(expiresAt, expiryMarkerRetention),
            () -> expiryMarkers.remove(invocationId, expiresAt));
      }
    }
    waiter.stored(ResultSummary.of(stored));
    return CompletableFuture.completedFuture(WriteOutcome.STORED);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The deletion time is the store's clock, or the stored result's {@code completedAt} when that
   * is later.
   */
  @Override
  public CompletionStage<Boolean> delete(String invocationId) {
    requireId("invocationId", invocationId);
    Instant now = clock.instant();
    boolean deleted;
    synchronized (lock) {
      expiries.purgeDue(now);
      InvocationResult existing = byId.remove(invocationId);
      Instant deletedAt = now;
      if (existing != null) {
        IndexKey key = IndexKey.of(existing);
        byTime.remove(key, existing);
        removeFromRequest(existing.serverlessRequestId(), key);
        if (existing.completedAt().isAfter(deletedAt)) {
          deletedAt = existing.completedAt();
        }
      }
      deleted = existing != null && isLive(existing, now);
      expiryMarkers.remove(invocationId);
      deadLetters.remove(invocationId);
      Instant previous = deletions.get(invocationId);
      if (previous == null || deletedAt.isAfter(previous)) {
        Instant at = deletedAt;
        deletions.put(invocationId, at);
        // After the longest retention any copy it could keep out is refused as expired anyway.
        expiries.add(
            Retentions.end(at, retentions.longest()), () -> deletions.remove(invocationId, at));
      }
    }
    return CompletableFuture.completedFuture(deleted);
  }

  @Override
  public CompletionStage<Void> recordDeadLetter(DeadLetterRecord record) {
    Objects.requireNonNull(record, "record");
    Instant now = clock.instant();
    Duration kept = retentions.of(InvocationState.DEAD_LETTERED);
    if (!Retentions.isLive(record.failedAt(), kept, now)) {
      return CompletableFuture.completedFuture(null);
    }
    String invocationId = record.invocationId();
    synchronized (lock) {
      expiries.purgeDue(now);
      DeadLetterRecord existing = deadLetters.get(invocationId);
      if (isDeleted(invocationId, record.failedAt())
          || (existing != null && existing.failedAt().isAfter(record.failedAt()))) {
        return CompletableFuture.completedFuture(null);
      }
      deadLetters.put(invocationId, record);
      expiries.add(
          Retentions.end(record.failedAt(), kept), () -> deadLetters.remove(invocationId, record));
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Fed by this store's own writes: completes as soon as the result is written.
   */
  @Override
  public CompletionStage<Optional<ResultSummary>> await(String invocationId, Duration timeout) {
    return waiter.await(invocationId, timeout);
  }

  @Override
  public CompletionStage<ResultStatus> status(String invocationId) {
    requireId("invocationId", invocationId);
    Instant now = clock.instant();
    InvocationResult result = byId.get(invocationId);
    if (result != null && isLive(result, now)) {
      return CompletableFuture.completedFuture(ResultStatus.stored(ResultSummary.of(result)));
    }
    Instant expiredAt = expiryMarkers.get(invocationId);
    if (expiredAt != null && Retentions.isLive(expiredAt, expiryMarkerRetention, now)) {
      return CompletableFuture.completedFuture(ResultStatus.expired(expiredAt));
    }
    DeadLetterRecord record = deadLetters.get(invocationId);
    if (record != null
        && Retentions.isLive(
            record.failedAt(), retentions.of(InvocationState.DEAD_LETTERED), now)) {
      return CompletableFuture.completedFuture(ResultStatus.deadLettered(record));
    }
    return CompletableFuture.completedFuture(ResultStatus.unknown());
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
      expiries.purgeDue(now);
    }
    int live = 0;
    for (InvocationResult result : byId.values()) {
      if (isLive(result, now)) {
        live++;
      }
    }
    return live;
  }

  /** Removes every result, expiry marker, dead-letter record and deletion. */
  public void clear() {
    synchronized (lock) {
      byId.clear();
      byTime.clear();
      byRequest.clear();
      expiryMarkers.clear();
      deadLetters.clear();
      deletions.clear();
      expiries.clear();
    }
  }

  /**
   * The default retention, counted from a result's {@code completedAt}; 0 = forever. A state may
   * have its own ({@link Builder#retention(InvocationState, Duration)}).
   */
  public Duration retention() {
    return retention;
  }

  private boolean isVisible(IndexKey key, InvocationResult indexed, Instant now) {
    return byId.get(key.invocationId()) == indexed && isLive(indexed, now);
  }

  private boolean isLive(InvocationResult result, Instant now) {
    return Retentions.isLive(result.completedAt(), retentions.of(result.state()), now);
  }

  /** Whether {@code invocationId} was deleted at or after {@code instant}. */
  private boolean isDeleted(String invocationId, Instant instant) {
    Instant deletedAt = deletions.get(invocationId);
    return deletedAt != null && !instant.isAfter(deletedAt);
  }

  /** Removes {@code expired} unless it was replaced. Holds the lock. */
  private void purge(InvocationResult expired) {
    if (byId.remove(expired.invocationId(), expired)) {
      IndexKey key = IndexKey.of(expired);
      byTime.remove(key, expired);
      removeFromRequest(expired.serverlessRequestId(), key);
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
    private final Map<InvocationState, Duration> retentionByState =
        new EnumMap<>(InvocationState.class);
    private Duration expiryMarkerRetention = Duration.ofDays(7);
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

    /**
     * How long results in {@code state} stay readable instead of {@link #retention(Duration)}: for
     * example failures kept longer than successes. {@code DEAD_LETTERED} also sets how long
     * dead-letter records are kept. Default: none (the default retention).
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder retention(InvocationState state, Duration value) {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(value, "retention");
      if (value.isNegative()) {
        throw new IllegalArgumentException(
            "retention of " + state.wireValue() + " must not be negative, but was " + value);
      }
      retentionByState.put(state, value);
      return this;
    }

    /**
     * How long after a result expired {@link #status} still answers expired rather than unknown.
     * Default: 7 days; {@link Duration#ZERO} keeps no markers.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder expiryMarkerRetention(Duration value) {
      Objects.requireNonNull(value, "expiryMarkerRetention");
      if (value.isNegative()) {
        throw new IllegalArgumentException(
            "expiryMarkerRetention must not be negative, but was " + value);
      }
      expiryMarkerRetention = value;
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
