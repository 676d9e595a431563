package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The lookup rows returned by a sequence of statements, one after the other, each paged by the
 * driver; rows that {@code accepts} rejects are skipped. The statements must return rows in {@link
 * Listed#NEWEST_FIRST} order as a whole (one time bucket after the other, newest first).
 *
 * <p>Statements that return nothing (empty time buckets) make the source run more statements ahead,
 * up to {@code maxLookahead} at once, so a long window with little data is walked quickly while a
 * dense one costs no wasted reads.
 */
final class StatementSource implements SummarySource {
  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  private final CqlSession session;
  private final Iterator<? extends Statement<?>> statements;
  private final Predicate<Listed> accepts;
  private final int maxLookahead;
  private final ArrayDeque<CompletableFuture<AsyncResultSet>> ahead = new ArrayDeque<>();
  private int lookahead = 1;
  private AsyncResultSet current;
  private Iterator<Row> rows;
  private boolean currentHadRows;
  private Listed head;
  private boolean exhausted;

  StatementSource(
      CqlSession session,
      Iterator<? extends Statement<?>> statements,
      Predicate<Listed> accepts,
      int maxLookahead) {
    this.session = session;
    this.statements = statements;
    this.accepts = accepts;
    this.maxLookahead = maxLookahead;
  }

  @Override
  public boolean ready() {
    return head != null || exhausted;
  }

  @Override
  public Listed head() {
    return head;
  }

  @Override
  public void advance() {
    head = null;
  }

  @Override
  public CompletionStage<Void> fill() {
    while (rows != null && rows.hasNext()) {
      currentHadRows = true;
      Listed summary = Rows.listed(rows.next());
      if (accepts.test(summary)) {
        head = summary;
        return DONE;
      }
    }
    if (current != null && current.hasMorePages()) {
      AsyncResultSet page = current;
      current = null;
      rows = null;
      return page.fetchNextPage().thenCompose(this::accept);
    }
    if (current != null && !currentHadRows) {
      lookahead = Math.min(lookahead * 2, maxLookahead);
    }
    current = null;
    rows = null;
    while (ahead.size() < lookahead && statements.hasNext()) {
      ahead.add(session.executeAsync(statements.next()).toCompletableFuture());
    }
    CompletableFuture<AsyncResultSet> next = ahead.poll();
    if (next == null) {
      exhausted = true;
      return DONE;
    }
    currentHadRows = false;
    return next.thenCompose(this::accept);
  }

  private CompletionStage<Void> accept(AsyncResultSet page) {
    current = page;
    rows = page.currentPage().iterator();
    return fill();
  }
}
