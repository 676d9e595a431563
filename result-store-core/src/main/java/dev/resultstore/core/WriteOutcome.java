package dev.resultstore.core;

/** What a {@link ResultSink} did with a result it accepted. */
public enum WriteOutcome {
  /** Durably stored (or already stored: writes are idempotent). */
  STORED,
  /**
   * Not written because the result is already past its retention (its {@code completedAt} plus the
   * retention is in the past). Not an error: there is nothing left to keep.
   */
  EXPIRED
}
