package dev.resultstore.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store keeps of a dead-lettered event, so that {@link ResultReader#status} can say that its
 * result will never come, and why. Written by the dead-letter path through {@link
 * ResultSink#recordDeadLetter}; the dead letter itself stays on NATS.
 *
 * @param invocationId the event's invocation id (a dead letter without one is not recorded)
 * @param failureClass the dead letter's class, e.g. {@code malformed_message}
 * @param reason the dead letter's error text
 * @param failedAt when it was dead-lettered; its retention is counted from here
 */
public record DeadLetterRecord(
    String invocationId, String failureClass, String reason, Instant failedAt) {

  public DeadLetterRecord {
    if (invocationId == null || invocationId.isBlank()) {
      throw new IllegalArgumentException("invocationId must not be blank");
    }
    Objects.requireNonNull(failureClass, "failureClass");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(failedAt, "failedAt");
  }
}
