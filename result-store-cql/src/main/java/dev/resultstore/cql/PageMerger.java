package dev.resultstore.cql;

import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.internal.PageCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Merges ordered sources into one page, newest first: a k-way merge that fetches from a source only
 * when its head is needed, every source that needs fetching at the same time.
 *
 * <p>Lookup rows are written without reading the stored version first, so a lookup row may belong
 * to an older completion of its invocation (a stale row, kept until it expires). Every merged item
 * is therefore resolved against the results row before it is listed ({@link #VERIFY_CONCURRENCY} at
 * a time, a whole page's worth at once): the page shows the summary read from the results row, and
 * an item that is not the stored version is dropped and the merge goes on to fill the page. So a
 * lookup row needs no more than its key and exact {@code completedAt}. An invocation id seen twice
 * is considered once, the first (newest) time.
 *
 * <p>Collects {@code size + 1} listed items: the extra one proves there is a next page, so a page
 * has a cursor only when more items follow.
 */
final class PageMerger {
  /** Checks of merged items against the results table in flight at once. */
  static final int VERIFY_CONCURRENCY = 64;

  private final List<? extends SummarySource> sources;
  private final int size;
  private final Function<Listed, CompletionStage<Optional<ResultSummary>>> resolve;
  private final List<ResultSummary> items = new ArrayList<>();
  private final List<Listed> unchecked = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  private PageMerger(
      List<? extends SummarySource> sources,
      int size,
      Function<Listed, CompletionStage<Optional<ResultSummary>>> resolve) {
    this.sources = sources;
    this.size = size;
    this.resolve = resolve;
  }

  /**
   * The summaries of the first {@code size} items of the merged sources that {@code resolve} finds
   * stored (it completes with the stored summary, or empty for a stale item).
   */
  static CompletionStage<ResultPage> page(
      List<? extends SummarySource> sources,
      int size,
      Function<Listed, CompletionStage<Optional<ResultSummary>>> resolve) {
    return new PageMerger(sources, size, resolve).next();
  }

  private CompletionStage<ResultPage> next() {
    while (true) {
      List<CompletionStage<Void>> fills = new ArrayList<>();
      for (SummarySource source : sources) {
        if (!source.ready()) {
          fills.add(source.fill());
        }
      }
      if (!fills.isEmpty()) {
        return Futures.allOf(fills).thenCompose(ignored -> next());
      }
      SummarySource newest = null;
      for (SummarySource source : sources) {
        Listed head = source.head();
        if (head != null
            && (newest == null || Listed.NEWEST_FIRST.compare(head, newest.head()) < 0)) {
          newest = source;
        }
      }
      if (newest == null) {
        return check().thenApply(ignored -> finish(false));
      }
      Listed head = newest.head();
      newest.advance();
      if (seen.add(head.invocationId())) {
        unchecked.add(head);
        if (items.size() + unchecked.size() > size) {
          return check().thenCompose(ignored -> items.size() > size ? done() : next());
        }
      }
    }
  }

  private CompletionStage<ResultPage> done() {
    return CompletableFuture.completedFuture(finish(true));
  }

  private ResultPage finish(boolean more) {
    if (!more || items.size() <= size) {
      return new ResultPage(List.copyOf(items), null);
    }
    List<ResultSummary> page = List.copyOf(items.subList(0, size));
    return new ResultPage(page, PageCursor.after(page.get(size - 1)).encode());
  }

  /** Checks the unchecked items, moving the stored ones to {@link #items} in merge order. */
  private CompletionStage<Void> check() {
    if (unchecked.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<Listed> batch = List.copyOf(unchecked);
    unchecked.clear();
    ResultSummary[] stored = new ResultSummary[batch.size()];
    return Futures.bounded(
            batch.size(),
            VERIFY_CONCURRENCY,
            index ->
                resolve
                    .apply(batch.get(index))
                    .thenAccept(summary -> stored[index] = summary.orElse(null)))
        .thenRun(
            () -> {
              for (ResultSummary summary : stored) {
                if (summary != null) {
                  items.add(summary);
                }
              }
            });
  }
}
