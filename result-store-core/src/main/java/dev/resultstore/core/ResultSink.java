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
 *   <li><b>Retention</b>: a result lives for the store's retention counted from its {@code
 *       completedAt}, not from when it was written; one already past it is not written and the
 *       stage completes with {@link WriteOutcome#EXPIRED}.
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

  /** Releases what the sink holds; the default does nothing. */
  @Override
  default void close() {}
}
