package dev.resultstore.cql;

import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.internal.PageCursor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * A result as a lookup row lists it: its invocation id and exact {@code completedAt}. What a page
 * shows of it comes from the results row ({@link PageMerger}).
 */
record Listed(String invocationId, Instant completedAt) {

  /** The order of {@link ResultSummary#NEWEST_FIRST}, which is the lookup tables' clustering. */
  static final Comparator<Listed> NEWEST_FIRST =
      Comparator.comparing((Listed listed) -> listed.completedAt().truncatedTo(ChronoUnit.MILLIS))
          .reversed()
          .thenComparing(Listed::invocationId);

  /** Whether this comes after {@code cursor} ({@link PageCursor#precedes}). */
  boolean after(PageCursor cursor) {
    long millis = completedAt.toEpochMilli();
    if (millis != cursor.completedAtMillis()) {
      return millis < cursor.completedAtMillis();
    }
    return invocationId.compareTo(cursor.invocationId()) > 0;
  }
}
