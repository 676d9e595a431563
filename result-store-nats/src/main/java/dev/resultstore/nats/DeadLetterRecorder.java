package dev.resultstore.nats;

import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.ResultSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter path's one call into the store: records a published dead letter through {@link
 * ResultSink#recordDeadLetter}, so the reader's status can answer dead-lettered. Best effort: a
 * record that fails or takes longer than {@value #TIMEOUT_SECONDS} s is logged, and the dead letter
 * (the source of truth, on NATS) is terminated all the same. The dead-letter subject and message
 * are unchanged.
 */
final class DeadLetterRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecorder.class);
  static final long TIMEOUT_SECONDS = 30;

  private final ResultSink sink;

  DeadLetterRecorder(ResultSink sink) {
    this.sink = sink;
  }

  /** Records {@code record}; {@code null} (no invocation id could be read) records nothing. */
  CompletionStage<Void> record(DeadLetterRecord record) {
    if (record == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<Void> written;
    try {
      written = sink.recordDeadLetter(record);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    return written
        .toCompletableFuture()
        .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .exceptionally(
            error -> {
              LOG.warn(
                  "Could not record the dead letter of {} in the store (its status stays"
                      + " unknown): {}",
                  record.invocationId(),
                  Failures.describe(error));
              return null;
            });
  }
}
