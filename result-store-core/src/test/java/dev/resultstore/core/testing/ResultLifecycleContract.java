package dev.resultstore.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.WriteOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle half of the store contract: {@link dev.resultstore.core.ResultReader#status}
 * (stored, expired, dead-lettered, unknown), {@link dev.resultstore.core.ResultSink#delete} (and
 * that no copy brings a deleted result back), {@link
 * dev.resultstore.core.ResultSink#recordDeadLetter}, and retention per state. Extend {@link
 * ResultStoreContract}.
 *
 * <p>The expiry test waits a few seconds of real time: it writes results whose retention ends
 * moments later. It needs a non-zero retention for every state of {@link
 * #retention(InvocationState)} and expiry markers that outlive the results by more than a minute.
 */
public abstract class ResultLifecycleContract extends ResultAwaitContract {

  /** The retention of results in {@code state} (and of dead-letter records for DEAD_LETTERED). */
  protected Duration retention(InvocationState state) {
    return retention();
  }

  private InvocationResult newResult(long millis) {
    return TestResults.result(TestResults.requestId("life"), testEpoch().plusMillis(millis))
        .build();
  }

  private ResultStatus status(String invocationId) {
    return await(reader().status(invocationId));
  }

  private DeadLetterRecord deadLetter(String invocationId, Instant failedAt) {
    return new DeadLetterRecord(
        invocationId, "malformed_message", "is not valid JSON at byte offset 7", failedAt);
  }

  @Test
  void status_of_a_stored_result_is_stored_with_its_summary() {
    InvocationResult result = newResult(10);
    write(result);

    ResultStatus status = status(result.invocationId());

    assertThat(status.kind()).isEqualTo(ResultStatus.Kind.STORED);
    assertThat(status.summary()).contains(ResultSummary.of(result));
  }

  @Test
  void status_of_an_unknown_id_is_unknown() {
    assertThat(status(TestResults.invocationId())).isEqualTo(ResultStatus.unknown());
  }

  @Test
  void status_of_a_dead_lettered_event_is_dead_lettered_with_its_class_and_reason() {
    String invocationId = TestResults.invocationId();
    Instant failedAt = clock().instant().truncatedTo(ChronoUnit.MILLIS);
    DeadLetterRecord record = deadLetter(invocationId, failedAt);

    await(sink().recordDeadLetter(record));
    await(sink().recordDeadLetter(record));

    ResultStatus status = status(invocationId);
    assertThat(status).isEqualTo(ResultStatus.deadLettered(record));
    assertThat(status.failureClass()).contains("malformed_message");
    assertThat(status.reason()).contains("is not valid JSON at byte offset 7");
    assertThat(status.at()).contains(failedAt);
  }

  @Test
  void a_stored_result_wins_over_a_dead_letter_of_the_same_id() {
    InvocationResult result = newResult(20);
    await(sink().recordDeadLetter(deadLetter(result.invocationId(), clock().instant())));

    write(result);

    assertThat(status(result.invocationId()).kind()).isEqualTo(ResultStatus.Kind.STORED);
  }

  @Test
  void delete_removes_the_result_its_lookups_and_its_status() {
    InvocationResult result = newResult(30);
    write(result);

    assertThat(await(sink().delete(result.invocationId()))).isTrue();

    assertThat(await(reader().get(result.invocationId()))).isEmpty();
    assertThat(await(reader().getSummary(result.invocationId()))).isEmpty();
    assertThat(status(result.invocationId())).isEqualTo(ResultStatus.unknown());
    assertThat(queryAround(result)).isEmpty();
    assertThat(await(sink().delete(result.invocationId()))).as("nothing left").isFalse();
  }

  @Test
  void a_deleted_large_result_leaves_no_body_behind() {
    StringBuilder big = new StringBuilder("\"");
    big.append("x".repeat(3 * 1024 * 1024)).append('"');
    InvocationResult result =
        TestResults.result(TestResults.requestId("life"), testEpoch().plusMillis(35))
            .body(RawJson.of(big.toString()))
            .build();
    write(result);

    await(sink().delete(result.invocationId()));
    write(result);

    assertThat(await(reader().get(result.invocationId()))).isEmpty();
  }

  @Test
  void a_redelivered_or_late_copy_does_not_bring_a_deleted_result_back() {
    InvocationResult result = newResult(40);
    InvocationResult earlier =
        result.toBuilder().completedAt(result.completedAt().minusMillis(5)).build();
    write(result);
    await(sink().delete(result.invocationId()));

    assertThat(write(result)).isEqualTo(WriteOutcome.STORED);
    write(earlier);

    assertThat(await(reader().get(result.invocationId()))).isEmpty();
    assertThat(await(reader().await(result.invocationId(), Duration.ZERO))).isEmpty();
    assertThat(status(result.invocationId())).isEqualTo(ResultStatus.unknown());
    assertThat(queryAround(result)).isEmpty();
  }

  @Test
  void deleting_an_id_before_its_result_arrives_keeps_that_result_out() {
    InvocationResult result = newResult(50);

    assertThat(await(sink().delete(result.invocationId()))).isFalse();
    write(result);

    assertThat(await(reader().get(result.invocationId()))).isEmpty();
  }

  @Test
  void a_result_completed_after_the_deletion_is_stored_again() {
    InvocationResult result = newResult(60);
    write(result);
    await(sink().delete(result.invocationId()));
    InvocationResult newer =
        result.toBuilder().completedAt(clock().instant().plusSeconds(2)).build();

    write(newer);

    assertThat(await(reader().getSummary(result.invocationId()))).contains(ResultSummary.of(newer));
  }

  @Test
  void delete_removes_a_dead_letter_record_too() {
    String invocationId = TestResults.invocationId();
    await(sink().recordDeadLetter(deadLetter(invocationId, clock().instant())));

    await(sink().delete(invocationId));

    assertThat(status(invocationId)).isEqualTo(ResultStatus.unknown());
  }

  @Test
  void delete_with_a_blank_id_is_rejected() {
    assertThatThrownBy(() -> sink().delete(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().status("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void each_outcome_expires_after_its_own_retention_and_then_reads_as_expired() {
    Map<InvocationState, Duration> retentions = new LinkedHashMap<>();
    for (InvocationState state :
        List.of(
            InvocationState.SUCCEEDED,
            InvocationState.FAILED,
            InvocationState.EXPIRED,
            InvocationState.DEAD_LETTERED)) {
      retentions.put(state, retention(state));
    }
    assumeThat(retentions.values()).as("every state expires").doesNotContain(Duration.ZERO);
    Instant now = clock().instant();
    Map<InvocationState, InvocationResult> results = new LinkedHashMap<>();
    retentions.forEach(
        (state, retention) ->
            results.put(
                state,
                TestResults.minimalResult(
                        TestResults.requestId("expiry"), now.minus(retention).plusSeconds(3))
                    .state(state)
                    .build()));
    DeadLetterRecord record =
        deadLetter(
            TestResults.invocationId(),
            now.minus(retention(InvocationState.DEAD_LETTERED)).plusSeconds(3));
    results.values().forEach(result -> assertThat(write(result)).isEqualTo(WriteOutcome.STORED));
    await(sink().recordDeadLetter(record));
    results
        .values()
        .forEach(
            result ->
                assertThat(status(result.invocationId()).kind())
                    .isEqualTo(ResultStatus.Kind.STORED));
    assertThat(status(record.invocationId()).kind()).isEqualTo(ResultStatus.Kind.DEAD_LETTERED);

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              for (InvocationResult result : results.values()) {
                assertThat(await(reader().get(result.invocationId())))
                    .as("%s after its retention", result.state())
                    .isEmpty();
              }
              assertThat(status(record.invocationId())).isEqualTo(ResultStatus.unknown());
            });

    results.forEach(
        (state, result) -> {
          ResultStatus status = status(result.invocationId());
          assertThat(status.kind()).as("status of %s", state).isEqualTo(ResultStatus.Kind.EXPIRED);
          assertThat(status.at().orElseThrow())
              .isCloseTo(
                  result.completedAt().plus(retentions.get(state)), within(1, ChronoUnit.SECONDS));
        });
  }

  private List<ResultSummary> queryAround(InvocationResult result) {
    TimeWindow window =
        new TimeWindow(
            result.completedAt().minus(Duration.ofHours(1)),
            result.completedAt().plus(Duration.ofHours(1)));
    return await(
            reader().queryByRequest(result.serverlessRequestId(), window, PageRequest.first(100)))
        .items();
  }
}
