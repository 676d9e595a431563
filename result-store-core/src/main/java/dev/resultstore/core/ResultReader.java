package dev.resultstore.core;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads stored results. Implementations are thread-safe.
 *
 * <p>Pages are ordered newest first by {@code completedAt} at millisecond precision, ties broken by
 * invocation id in ascending order ({@link ResultSummary#NEWEST_FIRST}). A page's {@link
 * ResultPage#nextCursor()} continues the same query after the last item returned; cursors are
 * opaque and belong to the implementation that issued them.
 *
 * <p>Invalid arguments (a blank id, a page size out of range, a cursor this reader did not issue)
 * throw {@link IllegalArgumentException} before any I/O. I/O failures complete the stage
 * exceptionally with a {@link ResultStoreException}.
 */
public interface ResultReader {

  /** The whole result, body included, or empty when none is stored (or it expired). */
  CompletionStage<Optional<InvocationResult>> get(String invocationId);

  /** The result without its body: a cheap status poll. Empty when none is stored. */
  CompletionStage<Optional<ResultSummary>> getSummary(String invocationId);

  /**
   * The results of one serverless application whose {@code completedAt} lies in {@code window},
   * newest first.
   */
  CompletionStage<ResultPage> queryByRequest(
      String serverlessRequestId, TimeWindow window, PageRequest page);

  /**
   * The results of all applications whose {@code completedAt} lies in {@code window}, newest first.
   */
  CompletionStage<ResultPage> queryByTime(TimeWindow window, PageRequest page);
}
