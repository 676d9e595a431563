package dev.resultstore.cql;

import dev.resultstore.core.PageCursor;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Merges ordered sources into one page, newest first: a k-way merge that fetches from a source only
 * when its head is needed, every source that needs fetching at the same time. An invocation id seen
 * twice in one page (a lookup row of an older version not yet deleted) is listed once, the first
 * (newest) time.
 *
 * <p>Collects {@code size + 1} items: the extra one proves there is a next page, so a page has a
 * cursor only when more items follow.
 */
final class PageMerger {
  private final List<? extends SummarySource> sources;
  private final int size;
  private final List<ResultSummary> items = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  private PageMerger(List<? extends SummarySource> sources, int size) {
    this.sources = sources;
    this.size = size;
  }

  /** The first {@code size} items of the merged sources. */
  static CompletionStage<ResultPage> page(List<? extends SummarySource> sources, int size) {
    return new PageMerger(sources, size).next();
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
        ResultSummary head = source.head();
        if (head != null
            && (newest == null || ResultSummary.NEWEST_FIRST.compare(head, newest.head()) < 0)) {
          newest = source;
        }
      }
      if (newest == null) {
        return CompletableFuture.completedFuture(new ResultPage(items, null));
      }
      ResultSummary head = newest.head();
      newest.advance();
      if (seen.add(head.invocationId())) {
        items.add(head);
        if (items.size() > size) {
          List<ResultSummary> page = items.subList(0, size);
          String cursor = PageCursor.after(page.get(size - 1)).encode();
          return CompletableFuture.completedFuture(new ResultPage(page, cursor));
        }
      }
    }
  }
}
