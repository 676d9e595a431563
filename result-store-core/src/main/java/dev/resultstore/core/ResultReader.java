package dev.resultstore.core;

import dev.resultstore.core.internal.ResultWaiter;
import java.time.Duration;
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
 *
 * <h2>Closing</h2>
 *
 * A reader is not closed through this interface: whoever created the implementation owns what it
 * holds and closes it by the implementation's own {@code close()}, which is idempotent.
 *
 * <ul>
 *   <li>The CQL store closes the driver session it opened, never one the caller handed it. Calls
 *       running then, and every call after, fail with a {@link TransientStoreException}.
 *   <li>The NATS waiter ends its subscription and completes every pending {@link #await} empty at
 *       once. It closes neither the NATS connection nor the reader it wraps: close the waiter, then
 *       the reader, then the connection.
 *   <li>{@link InMemoryResultStore} holds nothing to close.
 * </ul>
 *
 * The default {@link #await} holds nothing either: a wait pending when its reader is closed ends
 * empty at its timeout (its later reads fail and are ignored); one started after fails as its first
 * read does.
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

  /**
   * What is known of {@code invocationId}: its result is stored (with its summary), was stored and
   * expired, its event was dead-lettered (class and reason), or nothing is known. A stored result
   * wins over everything else, an expiry over a dead letter (the result did exist).
   *
   * <p>The default knows only stored and unknown (from {@link #getSummary}); stores that keep
   * expiry markers and dead-letter records override it.
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank
   */
  default CompletionStage<ResultStatus> status(String invocationId) {
    return getSummary(invocationId)
        .thenApply(found -> found.map(ResultStatus::stored).orElseGet(ResultStatus::unknown));
  }

  /**
   * The summary of {@code invocationId}'s result as soon as it is stored, or empty after {@code
   * timeout} (a result stored before the call completes it at once; {@link Duration#ZERO} is one
   * read). For the body, {@link #get} it then.
   *
   * <p>Guarantee: if the result is stored before the timeout, the stage completes with it, at the
   * latest after the implementation's fallback interval; implementations fed by commit
   * notifications complete within moments of the commit. The stage fails with a {@link
   * ResultStoreException} when the first read fails.
   *
   * <p>The default reads now and then every second until the timeout (no thread per wait).
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank or {@code timeout} negative
   */
  default CompletionStage<Optional<ResultSummary>> await(String invocationId, Duration timeout) {
    return ResultWaiter.polling(this, invocationId, timeout, Duration.ofSeconds(1));
  }
}
