package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.internal.PageCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The two window queries over the lookup tables.
 *
 * <p>{@code queryByRequest} walks the request's time buckets from the window's end backwards, one
 * partition at a time. {@code queryByTime} does the same for every shard at once and merges the
 * shards newest first. Within a bucket, rows come in clustering order ({@code completed_at DESC,
 * invocation_id ASC}), the order of a page. A cursor {@code (c, id)} continues with {@code
 * completed_at = c AND invocation_id > id} and then {@code completed_at < c}: two statements,
 * because CQL cannot express that mixed-order position in one.
 *
 * <p>The window is narrowed before any query: nothing older than the retention can be stored, and
 * nothing more than {@link #FUTURE_ALLOWANCE} after the reader's clock is looked for. Lookup rows
 * hold {@code completed_at} to the millisecond, so the statements select whole milliseconds and the
 * exact bounds are applied to each row's nanosecond {@code completedAt}.
 */
final class LookupQueries {
  /** How far past the reader's clock a window query looks: 1 day. */
  static final Duration FUTURE_ALLOWANCE = Duration.ofDays(1);

  /** The most buckets one window may span after narrowing. */
  static final long MAX_WINDOW_BUCKETS = 100_000;

  /** The most statements a request query runs ahead over empty buckets. */
  private static final int REQUEST_LOOKAHEAD = 8;

  /** The most statements each shard of a time query runs ahead over empty buckets. */
  private static final int SHARD_LOOKAHEAD = 2;

  private static final ResultPage EMPTY = new ResultPage(List.of(), null);

  private final CqlSession session;
  private final Statements statements;
  private final Lookups lookups;
  private final Timing timing;
  private final Clock clock;
  private final BiFunction<Listed, String, CompletionStage<Optional<ResultSummary>>> resolve;

  /**
   * @param resolve the stored summary of a listed result when it is the stored version of its
   *     invocation (with that request id, unless {@code null}), else empty (lookup rows of an older
   *     completion stay until they expire; see {@link PageMerger})
   */
  LookupQueries(
      CqlSession session,
      Statements statements,
      Lookups lookups,
      Timing timing,
      Clock clock,
      BiFunction<Listed, String, CompletionStage<Optional<ResultSummary>>> resolve) {
    this.session = session;
    this.resolve = resolve;
    this.statements = statements;
    this.lookups = lookups;
    this.timing = timing;
    this.clock = clock;
  }

  CompletionStage<ResultPage> byRequest(
      String serverlessRequestId, TimeWindow window, PageRequest page) {
    Arguments.requireText("serverlessRequestId", serverlessRequestId);
    Plan plan = plan(window, page);
    if (plan == null) {
      return CompletableFuture.completedFuture(EMPTY);
    }
    int fetch = page.size() + 1;
    Iterator<BoundStatement> sequence =
        plan.statements(
            bucket ->
                statements.read(
                    statements.byRequestRange,
                    fetch,
                    serverlessRequestId,
                    bucket,
                    Instant.ofEpochMilli(plan.fromMillis),
                    Instant.ofEpochMilli(plan.rangeEndMillis)),
            bucket ->
                statements.read(
                    statements.byRequestTie,
                    fetch,
                    serverlessRequestId,
                    bucket,
                    plan.cursor.completedAt(),
                    plan.cursor.invocationId()));
    return PageMerger.page(
        List.of(new StatementSource(session, sequence, plan::accepts, REQUEST_LOOKAHEAD)),
        page.size(),
        listed -> resolve.apply(listed, serverlessRequestId));
  }

  CompletionStage<ResultPage> byTime(TimeWindow window, PageRequest page) {
    Plan plan = plan(window, page);
    if (plan == null) {
      return CompletableFuture.completedFuture(EMPTY);
    }
    int shards = lookups.shards();
    int fetch = Math.max(16, Math.min(page.size() + 1, 2 * ((page.size() + shards) / shards)));
    List<StatementSource> sources = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      int shardId = shard;
      Iterator<BoundStatement> sequence =
          plan.statements(
              bucket ->
                  statements.read(
                      statements.byTimeRange,
                      fetch,
                      bucket,
                      shardId,
                      Instant.ofEpochMilli(plan.fromMillis),
                      Instant.ofEpochMilli(plan.rangeEndMillis)),
              bucket ->
                  statements.read(
                      statements.byTimeTie,
                      fetch,
                      bucket,
                      shardId,
                      plan.cursor.completedAt(),
                      plan.cursor.invocationId()));
      sources.add(new StatementSource(session, sequence, plan::accepts, SHARD_LOOKAHEAD));
    }
    return PageMerger.page(sources, page.size(), listed -> resolve.apply(listed, null));
  }

  /**
   * What a query covers, or {@code null} when nothing can match.
   *
   * @throws IllegalArgumentException for a missing window or page, a cursor that does not parse, or
   *     a window too wide to walk
   */
  private Plan plan(TimeWindow window, PageRequest page) {
    if (window == null) {
      throw new IllegalArgumentException("a time window is required");
    }
    if (page == null) {
      throw new IllegalArgumentException("a page request is required");
    }
    PageCursor cursor = page.cursor() == null ? null : PageCursor.decode(page.cursor());
    Instant now = clock.instant();
    Instant from = max(window.from(), timing.oldestLive(now));
    Instant to = min(window.to(), now.plus(FUTURE_ALLOWANCE));
    if (!from.isBefore(to)) {
      return null;
    }
    long fromMillis = Lookups.floorMillis(from);
    long toMillis = Lookups.ceilMillis(to);
    long rangeEnd = cursor == null ? toMillis : Math.min(toMillis, cursor.completedAtMillis());
    boolean tie =
        cursor != null
            && cursor.completedAtMillis() >= fromMillis
            && cursor.completedAtMillis() < toMillis;
    if (!tie && rangeEnd <= fromMillis) {
      return null;
    }
    long buckets =
        (lookups.bucketStart(Math.max(rangeEnd - 1, fromMillis)) - lookups.bucketStart(fromMillis))
                / lookups.bucketMillis()
            + 1;
    if (buckets > MAX_WINDOW_BUCKETS) {
      throw new IllegalArgumentException(
          "the window "
              + window
              + " spans "
              + buckets
              + " lookup buckets of "
              + Duration.ofMillis(lookups.bucketMillis())
              + " (after narrowing it to the retention), at most "
              + MAX_WINDOW_BUCKETS
              + " are allowed: query a narrower window");
    }
    return new Plan(window, cursor, fromMillis, rangeEnd, tie);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** The statements of one query, bucket by bucket from the newest, and the exact row filter. */
  private final class Plan {
    final TimeWindow window;
    final PageCursor cursor;
    final long fromMillis;
    final long rangeEndMillis;
    final boolean tie;

    Plan(TimeWindow window, PageCursor cursor, long fromMillis, long rangeEnd, boolean tie) {
      this.window = window;
      this.cursor = cursor;
      this.fromMillis = fromMillis;
      this.rangeEndMillis = rangeEnd;
      this.tie = tie;
    }

    boolean accepts(Listed listed) {
      return window.contains(listed.completedAt()) && (cursor == null || listed.after(cursor));
    }

    /**
     * The tie statement in the cursor's bucket (when the cursor is inside the window), then one
     * range statement per bucket from the newest to the oldest.
     */
    Iterator<BoundStatement> statements(
        Function<Instant, BoundStatement> range, Function<Instant, BoundStatement> tieStatement) {
      boolean ranges = rangeEndMillis > fromMillis;
      long newest = ranges ? lookups.bucketStart(rangeEndMillis - 1) : 0;
      long oldest = lookups.bucketStart(fromMillis);
      return new Iterator<>() {
        private boolean tieLeft = tie;
        private long bucket = newest;
        private boolean rangesLeft = ranges;

        @Override
        public boolean hasNext() {
          return tieLeft || rangesLeft;
        }

        @Override
        public BoundStatement next() {
          if (tieLeft) {
            tieLeft = false;
            return tieStatement.apply(lookups.bucket(cursor.completedAtMillis()));
          }
          if (!rangesLeft) {
            throw new NoSuchElementException();
          }
          long current = bucket;
          bucket -= lookups.bucketMillis();
          rangesLeft = bucket >= oldest;
          return range.apply(Instant.ofEpochMilli(current));
        }
      };
    }
  }
}
