package dev.resultstore.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes results durably. Implementations are thread-safe.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Idempotent upsert</b>: writing the same result any number of times leaves exactly one
 *       stored result for its invocation id.
 *   <li><b>Latest completion wins</b>: of two results for the same invocation id, the one with the
 *       later {@code completedAt} is kept, whatever the order in which they arrive. When two
 *       different results have the same {@code completedAt}, which one is kept is unspecified.
 *   <li><b>Durable on completion</b>: the returned stage completes normally only once the result is
 *       stored as durably as the implementation promises (for a CQL store: acknowledged at the
 *       configured consistency level). Only then may the caller acknowledge the source message.
 *   <li><b>Retention</b>: a result lives for the store's retention of its state (a default, or the
 *       state's own when the store has one) counted from its {@code completedAt}, not from when it
 *       was written; one already past it is not written and the stage completes with {@link
 *       WriteOutcome#EXPIRED}. Everything kept of one result expires at the same moment.
 *   <li><b>Deletion sticks</b>: after {@link #delete}, no copy of the result whose {@code
 *       completedAt} is not after the deletion is stored again (see the store's documentation for
 *       how long it remembers a deletion).
 * </ul>
 *
 * <p>Failures complete the stage exceptionally with a {@link ResultStoreException}: {@link
 * TransientStoreException} for an outage (retry later), {@link PermanentStoreException} when the
 * store refuses this result for good.
 */
public interface ResultSink extends AutoCloseable {

  /**
   * Stores {@code result}, replacing an older result for the same invocation.
   *
   * <p>Never blocks the calling thread on I/O.
   */
  CompletionStage<WriteOutcome> write(InvocationResult result);

  /**
   * Asks the store whether it would accept writes now, without writing a result: the source probes
   * with it during an outage, so that its end never depends on one message's write. Completes
   * normally when the store answers, exceptionally with a {@link TransientStoreException} while it
   * cannot take writes (for a CQL store: a read at the write consistency, which fails while too few
   * replicas are up). Never blocks the calling thread on I/O.
   *
   * <p>The default completes normally at once: a store in the same process always answers.
   */
  default CompletionStage<Void> probe() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Deletes {@code invocationId}'s result: the result, its body, its lookup entries and its expiry
   * marker and dead-letter record. Afterwards {@link ResultReader#status} answers unknown, and a
   * copy of the result written later (a redelivery, a late or replayed copy) whose {@code
   * completedAt} is not after the deletion is not stored again. Idempotent; deleting an id that was
   * never stored also keeps such copies out.
   *
   * <p>Durable on completion, like {@link #write}. The default fails with {@link
   * UnsupportedOperationException}.
   *
   * @return whether a stored result was deleted
   * @throws IllegalArgumentException when {@code invocationId} is blank
   */
  default CompletionStage<Boolean> delete(String invocationId) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(getClass().getName() + " cannot delete results"));
  }

  /**
   * Records that {@code record.invocationId()}'s event was dead-lettered, so that {@link
   * ResultReader#status} can answer dead-lettered (while no result is stored). Kept for the
   * retention of the {@code dead_lettered} state counted from {@code failedAt}; a record already
   * past it is not written. Idempotent. Called by the dead-letter path after the dead letter is
   * published.
   *
   * <p>The default records nothing and completes at once.
   */
  default CompletionStage<Void> recordDeadLetter(DeadLetterRecord record) {
    return CompletableFuture.completedFuture(null);
  }

  /** Releases what the sink holds; the default does nothing. */
  @Override
  default void close() {}
}
