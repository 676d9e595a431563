package dev.resultstore.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The wait half of the store contract: {@link dev.resultstore.core.ResultReader#await} completes
 * with the result's summary once it is stored (before, during or after the call), and empty at the
 * timeout when it is not. Extend {@link ResultStoreContract}.
 *
 * <p>A store without commit notifications may complete a wait only at its fallback read; the tests
 * allow {@link #awaitTimeout()} for that.
 */
public abstract class ResultAwaitContract extends ResultReaderContract {

  /** The timeout the tests give a wait that must complete with a result. Default: 20 seconds. */
  protected Duration awaitTimeout() {
    return Duration.ofSeconds(20);
  }

  private InvocationResult newResult() {
    Instant completedAt = testEpoch().plusMillis(321).plusNanos(7);
    return TestResults.result(TestResults.requestId("await"), completedAt).build();
  }

  @Test
  void a_wait_for_a_result_stored_before_completes_with_its_summary() {
    InvocationResult result = newResult();
    write(result);

    Optional<ResultSummary> found = await(reader().await(result.invocationId(), awaitTimeout()));

    assertThat(found).contains(ResultSummary.of(result));
  }

  @Test
  void a_wait_for_a_result_stored_during_the_wait_completes_with_its_summary() {
    InvocationResult result = newResult();
    CompletionStage<Optional<ResultSummary>> waiting =
        reader().await(result.invocationId(), awaitTimeout());

    assertThat(waiting.toCompletableFuture()).as("nothing stored yet").isNotDone();
    write(result);

    assertThat(await(waiting)).contains(ResultSummary.of(result));
  }

  @Test
  void a_wait_ends_empty_at_its_timeout_and_a_result_stored_after_it_is_found_by_the_next() {
    InvocationResult result = newResult();

    Optional<ResultSummary> timedOut =
        await(reader().await(result.invocationId(), Duration.ofMillis(300)));
    write(result);

    assertThat(timedOut).isEmpty();
    assertThat(await(reader().await(result.invocationId(), Duration.ZERO)))
        .contains(ResultSummary.of(result));
  }

  @Test
  void a_wait_of_zero_for_an_unknown_id_is_one_read_and_empty() {
    assertThat(await(reader().await(TestResults.invocationId(), Duration.ZERO))).isEmpty();
  }

  @Test
  void many_waits_on_one_id_all_complete_with_its_summary() {
    InvocationResult result = newResult();
    List<CompletionStage<Optional<ResultSummary>>> waits = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waits.add(reader().await(result.invocationId(), awaitTimeout()));
    }

    write(result);

    for (CompletionStage<Optional<ResultSummary>> wait : waits) {
      assertThat(await(wait)).contains(ResultSummary.of(result));
    }
  }

  @Test
  void a_wait_with_a_blank_id_or_a_negative_timeout_is_rejected_before_any_io() {
    assertThatThrownBy(() -> reader().await(" ", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().await(TestResults.invocationId(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
