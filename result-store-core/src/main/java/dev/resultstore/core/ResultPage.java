package dev.resultstore.core;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query, newest first.
 *
 * @param items at most the requested page size
 * @param nextCursor continues the query after the last item; {@code null} when there is nothing
 *     more
 */
public record ResultPage(List<ResultSummary> items, String nextCursor) {

  public ResultPage {
    items = List.copyOf(items);
  }

  /** The cursor of the next page, empty on the last page. */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }
}
