package dev.resultstore.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * A result without its body and headers: what status polls and queries return.
 *
 * <p>Nullable components: {@code failureClass}, {@code statusCode}, {@code workerName}, {@code
 * workerNamespace}, {@code error}.
 *
 * @param bodyBytes the size of the stored body in bytes, 0 when there is none
 */
public record ResultSummary(
    String invocationId,
    String serverlessRequestId,
    InvocationMode mode,
    InvocationState state,
    String failureClass,
    Integer statusCode,
    String workerName,
    String workerNamespace,
    long bodyBytes,
    String error,
    Instant startedAt,
    Instant completedAt) {

  /**
   * The order of every page: {@code completedAt} descending at millisecond precision (the precision
   * of CQL timestamps), then invocation id ascending.
   */
  public static final Comparator<ResultSummary> NEWEST_FIRST =
      Comparator.comparing(
              (ResultSummary summary) -> summary.completedAt().truncatedTo(ChronoUnit.MILLIS))
          .reversed()
          .thenComparing(ResultSummary::invocationId);

  public ResultSummary {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(serverlessRequestId, "serverlessRequestId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(completedAt, "completedAt");
    if (bodyBytes < 0) {
      throw new IllegalArgumentException("bodyBytes must not be negative: " + bodyBytes);
    }
  }

  /** The summary of a whole result. */
  public static ResultSummary of(InvocationResult result) {
    return new ResultSummary(
        result.invocationId(),
        result.serverlessRequestId(),
        result.mode(),
        result.state(),
        result.failureClass(),
        result.statusCode(),
        result.workerName(),
        result.workerNamespace(),
        result.bodyBytes(),
        result.error(),
        result.startedAt(),
        result.completedAt());
  }
}
