package dev.resultstore.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows about an invocation id: its result is {@link Kind#STORED}, was stored and has
 * {@link Kind#EXPIRED}, its event was {@link Kind#DEAD_LETTERED} (with the dead letter's class and
 * reason), or nothing is known ({@link Kind#UNKNOWN}: not yet stored, deleted, or never sent).
 *
 * <p>Created through the static factories only, so a new detail never breaks a caller.
 */
public final class ResultStatus {
  private static final ResultStatus UNKNOWN =
      new ResultStatus(Kind.UNKNOWN, null, null, null, null);

  /** The four answers a store gives. */
  public enum Kind {
    /** The result is stored: {@link #summary()} is present. */
    STORED,
    /** The result was stored and its retention ended; {@link #at()} is when it expired. */
    EXPIRED,
    /**
     * The event was dead-lettered and no result is stored: {@link #failureClass()}, {@link
     * #reason()} and {@link #at()} (when it was dead-lettered) say why and when.
     */
    DEAD_LETTERED,
    /** Nothing is known: not stored (yet), deleted, or its traces expired too. */
    UNKNOWN
  }

  private final Kind kind;
  private final ResultSummary summary;
  private final String failureClass;
  private final String reason;
  private final Instant at;

  private ResultStatus(
      Kind kind, ResultSummary summary, String failureClass, String reason, Instant at) {
    this.kind = kind;
    this.summary = summary;
    this.failureClass = failureClass;
    this.reason = reason;
    this.at = at;
  }

  /** The result is stored. */
  public static ResultStatus stored(ResultSummary summary) {
    return new ResultStatus(
        Kind.STORED, Objects.requireNonNull(summary, "summary"), null, null, null);
  }

  /** The result was stored and expired at {@code expiredAt}. */
  public static ResultStatus expired(Instant expiredAt) {
    return new ResultStatus(
        Kind.EXPIRED, null, null, null, Objects.requireNonNull(expiredAt, "expiredAt"));
  }

  /** The event was dead-lettered: the record's class, reason and time. */
  public static ResultStatus deadLettered(DeadLetterRecord record) {
    Objects.requireNonNull(record, "record");
    return new ResultStatus(
        Kind.DEAD_LETTERED, null, record.failureClass(), record.reason(), record.failedAt());
  }

  /** Nothing is known of the id. */
  public static ResultStatus unknown() {
    return UNKNOWN;
  }

  /** Which of the four answers this is. */
  public Kind kind() {
    return kind;
  }

  /** The stored result's summary; present only for {@link Kind#STORED}. */
  public Optional<ResultSummary> summary() {
    return Optional.ofNullable(summary);
  }

  /** The dead letter's failure class; present only for {@link Kind#DEAD_LETTERED}. */
  public Optional<String> failureClass() {
    return Optional.ofNullable(failureClass);
  }

  /** Why the event was dead-lettered; present only for {@link Kind#DEAD_LETTERED}. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * When the result expired ({@link Kind#EXPIRED}) or the event was dead-lettered ({@link
   * Kind#DEAD_LETTERED}); empty otherwise.
   */
  public Optional<Instant> at() {
    return Optional.ofNullable(at);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResultStatus that
        && kind == that.kind
        && Objects.equals(summary, that.summary)
        && Objects.equals(failureClass, that.failureClass)
        && Objects.equals(reason, that.reason)
        && Objects.equals(at, that.at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, summary, failureClass, reason, at);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case STORED -> "STORED " + summary;
      case EXPIRED -> "EXPIRED at " + at;
      case DEAD_LETTERED -> "DEAD_LETTERED " + failureClass + " at " + at + ": " + reason;
      case UNKNOWN -> "UNKNOWN";
    };
  }
}
