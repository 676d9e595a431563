package dev.resultstore.core.testing;

import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.RawJson;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Results for tests: unique ids (so tests can share a store that is never emptied) and results with
 * every field filled in.
 */
public final class TestResults {

  private TestResults() {}

  /** A unique invocation id in the contract's shape: {@code inv-} and 32 lower-case hex digits. */
  public static String invocationId() {
    return "inv-" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * A unique serverless request id, one subject token: {@code prefix}, a dash and 16 lower-case hex
   * digits.
   */
  public static String requestId(String prefix) {
    return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }

  /**
   * A succeeded async result with a new invocation id and every optional field set: a reply
   * subject, worker, status, content type, headers, a JSON body with white space, escapes and
   * non-ASCII text, and nanosecond {@code startedAt} (1.25 s before {@code completedAt}). {@code
   * storedAt} is {@code completedAt} plus 3 ms, truncated to milliseconds (the precision of a CQL
   * timestamp).
   */
  public static InvocationResult.Builder result(String serverlessRequestId, Instant completedAt) {
    String invocationId = invocationId();
    return InvocationResult.builder()
        .invocationId(invocationId)
        .serverlessRequestId(serverlessRequestId)
        .mode(InvocationMode.ASYNC)
        .state(InvocationState.SUCCEEDED)
        .replySubject("_INBOX.contract." + invocationId)
        .workerName("unit-contract-7")
        .workerNamespace("runtime-workers")
        .statusCode(200)
        .contentType("application/json")
        .headers(Map.of("x-model", "sdxl-1.0", "x-seed", "42", "x-note", "caf\u00e9 \u2713"))
        .body(
            RawJson.of(
                "{ \"images\" : [\"aGVsbG8=\"],\n\t\"text\":\"caf\\u00e9 \u00fc\", \"n\":1.0e10 }"))
        .startedAt(completedAt.minus(Duration.ofMillis(1250)).minusNanos(1))
        .completedAt(completedAt)
        .storedAt(completedAt.plusMillis(3).truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * A failed result without body, headers or optional worker fields, with a new invocation id: the
   * smallest result a store must hold.
   */
  public static InvocationResult.Builder minimalResult(
      String serverlessRequestId, Instant completedAt) {
    return InvocationResult.builder()
        .invocationId(invocationId())
        .serverlessRequestId(serverlessRequestId)
        .mode(InvocationMode.SYNC)
        .state(InvocationState.FAILED)
        .error("CUDA out of memory")
        .startedAt(completedAt)
        .completedAt(completedAt)
        .storedAt(completedAt.truncatedTo(ChronoUnit.MILLIS));
  }
}
