package dev.resultstore.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The write half of the store contract: what {@link ResultSink#write} guarantees, checked through a
 * {@link ResultReader} of the same store. Extend {@link ResultStoreContract}, which adds the query
 * half.
 *
 * <p>Written for stores that are shared and never emptied (a real database): every test uses new
 * ids and request ids, and query tests use a short time window picked at random per test (see
 * {@link #testEpoch()}), so data of other tests or runs does not interfere. Each write's stage is
 * awaited before reading; after that the result must be readable at once.
 *
 * <p>What a store keeps: every component of {@link InvocationResult} exactly, timestamps to the
 * nanosecond and the body byte for byte, except {@code replySubject}, which the contract does not
 * store (a sync reply inbox is useless later), so it reads back as {@code null}. The test data's
 * {@code storedAt} is millisecond-aligned.
 *
 * <p>The store must use a retention of zero (forever) or at least one day, counted from {@code
 * completedAt} with the clock returned by {@link #clock()}.
 */
public abstract class ResultSinkContract {
  private Instant testEpoch;

  /** The store's sink; called in each test, possibly several times. */
  protected abstract ResultSink sink();

  /** A reader of the same store as {@link #sink()}. */
  protected abstract ResultReader reader();

  /** The retention the store was configured with; {@link Duration#ZERO} means forever. */
  protected abstract Duration retention();

  /** The store's clock. Default: the system clock. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  /** How long to wait for one stage. Default: 30 seconds. */
  protected Duration timeout() {
    return Duration.ofSeconds(30);
  }

  /**
   * A millisecond-aligned instant picked at random for this test, between 1 and 13 hours before
   * now: tests place their results within a second of it.
   */
  protected final Instant testEpoch() {
    if (testEpoch == null) {
      Duration retention = retention();
      assertThat(retention.isZero() || retention.compareTo(Duration.ofDays(1)) >= 0)
          .as("the contract needs a retention of zero or at least a day, but was %s", retention)
          .isTrue();
      long offsetMillis =
          ThreadLocalRandom.current()
              .nextLong(Duration.ofHours(1).toMillis(), Duration.ofHours(13).toMillis());
      testEpoch = clock().instant().truncatedTo(ChronoUnit.MILLIS).minusMillis(offsetMillis);
    }
    return testEpoch;
  }

  /** Awaits {@code stage} for {@link #timeout()} and returns its value. */
  protected final <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the stage failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the stage did not complete within " + timeout(), e);
    }
  }

  /** Writes {@code result} and awaits the outcome. */
  protected final WriteOutcome write(InvocationResult result) {
    return await(sink().write(result));
  }

  /** Writes every result concurrently and awaits them all; each must be stored. */
  protected final void writeAll(List<InvocationResult> results) {
    List<CompletionStage<WriteOutcome>> stages = new ArrayList<>();
    for (InvocationResult result : results) {
      stages.add(sink().write(result));
    }
    for (CompletionStage<WriteOutcome> stage : stages) {
      assertThat(await(stage)).isEqualTo(WriteOutcome.STORED);
    }
  }

  /** What a store returns for {@code written}: the same, without the reply subject. */
  protected static InvocationResult asStored(InvocationResult written) {
    return written.toBuilder().replySubject(null).build();
  }

  /**
   * Every item of a query, following cursors with pages of {@code pageSize}. Each page must hold at
   * most {@code pageSize} items; a page may end with a cursor whose next page turns out empty, but
   * an empty page must not have a cursor.
   */
  protected final List<ResultSummary> readAll(
      Function<PageRequest, CompletionStage<ResultPage>> query, int pageSize) {
    List<ResultSummary> items = new ArrayList<>();
    PageRequest request = PageRequest.first(pageSize);
    for (int pages = 1; ; pages++) {
      ResultPage page = await(query.apply(request));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
      items.addAll(page.items());
      if (page.nextCursor() == null) {
        return items;
      }
      assertThat(page.items()).as("a page with a next cursor must not be empty").isNotEmpty();
      assertThat(pages).as("pages read (a query that does not end?)").isLessThan(1_000);
      request = PageRequest.after(page.nextCursor(), pageSize);
    }
  }

  private Optional<InvocationResult> get(String invocationId) {
    return await(reader().get(invocationId));
  }

  /** Every result of {@code result}'s request within an hour of its completion. */
  private List<ResultSummary> queryRequestAround(InvocationResult result) {
    Instant completedAt = result.completedAt();
    TimeWindow window =
        new TimeWindow(
            completedAt.minus(Duration.ofHours(1)), completedAt.plus(Duration.ofHours(1)));
    return readAll(
        page -> reader().queryByRequest(result.serverlessRequestId(), window, page), 100);
  }

  @Test
  void get_returns_every_field_as_written_except_the_reply_subject() {
    InvocationResult result = TestResults.result(TestResults.requestId("sink"), at(5)).build();

    assertThat(write(result)).isEqualTo(WriteOutcome.STORED);

    Optional<InvocationResult> read = get(result.invocationId());
    assertThat(read).contains(asStored(result));
    assertThat(read.orElseThrow().body().toByteArray()).isEqualTo(result.body().toByteArray());
    assertThat(read.orElseThrow().completedAt().getNano() % 1_000_000).isEqualTo(123_457);
  }

  @Test
  void a_result_without_body_or_headers_reads_back_without_them() {
    InvocationResult result =
        TestResults.minimalResult(TestResults.requestId("sink"), at(7)).build();

    assertThat(write(result)).isEqualTo(WriteOutcome.STORED);

    InvocationResult read = get(result.invocationId()).orElseThrow();
    assertThat(read).isEqualTo(result);
    assertThat(read.body()).isNull();
    assertThat(read.headers()).isEmpty();
    assertThat(read.statusCode()).isNull();
  }

  @Test
  void a_json_null_body_is_kept_as_the_four_bytes_null() {
    InvocationResult result =
        TestResults.result(TestResults.requestId("sink"), at(9))
            .body(RawJson.of("null"))
            .state(InvocationState.EXPIRED)
            .failureClass("framework_timeout")
            .build();

    write(result);

    InvocationResult read = get(result.invocationId()).orElseThrow();
    assertThat(read.body()).isNotNull();
    assertThat(read.body().toByteArray()).containsExactly('n', 'u', 'l', 'l');
    assertThat(read).isEqualTo(asStored(result));
  }

  @Test
  void writing_the_same_result_twice_stores_it_once() {
    InvocationResult result = TestResults.result(TestResults.requestId("sink"), at(11)).build();

    assertThat(write(result)).isEqualTo(WriteOutcome.STORED);
    assertThat(write(result)).isEqualTo(WriteOutcome.STORED);

    assertThat(get(result.invocationId())).contains(asStored(result));
    assertThat(queryRequestAround(result)).containsExactly(ResultSummary.of(result));
  }

  @Test
  void a_later_completion_replaces_an_earlier_one() {
    String requestId = TestResults.requestId("sink");
    InvocationResult earlier = runningThen(requestId);
    InvocationResult later = succeededAfter(earlier);

    write(earlier);
    write(later);

    assertThat(get(later.invocationId())).contains(asStored(later));
    assertThat(queryRequestAround(later)).containsExactly(ResultSummary.of(later));
  }

  @Test
  void an_earlier_completion_arriving_late_does_not_replace_a_later_one() {
    String requestId = TestResults.requestId("sink");
    InvocationResult earlier = runningThen(requestId);
    InvocationResult later = succeededAfter(earlier);

    write(later);
    write(earlier);

    assertThat(get(later.invocationId())).contains(asStored(later));
    assertThat(await(reader().getSummary(later.invocationId()))).contains(ResultSummary.of(later));
    assertThat(queryRequestAround(later)).containsExactly(ResultSummary.of(later));
  }

  @Test
  void get_summary_equals_the_summary_of_the_written_result() {
    InvocationResult withBody = TestResults.result(TestResults.requestId("sink"), at(13)).build();
    InvocationResult withoutBody =
        TestResults.minimalResult(withBody.serverlessRequestId(), at(14)).build();

    write(withBody);
    write(withoutBody);

    ResultSummary summary = await(reader().getSummary(withBody.invocationId())).orElseThrow();
    assertThat(summary).isEqualTo(ResultSummary.of(withBody));
    assertThat(summary.bodyBytes()).isEqualTo(withBody.body().size());
    assertThat(await(reader().getSummary(withoutBody.invocationId())))
        .contains(ResultSummary.of(withoutBody));
  }

  @Test
  void unknown_ids_read_as_empty() {
    String unknown = TestResults.invocationId();

    assertThat(await(reader().get(unknown))).isEmpty();
    assertThat(await(reader().getSummary(unknown))).isEmpty();
  }

  @Test
  void a_result_already_past_retention_is_not_stored() {
    Duration retention = retention();
    Instant completedAt =
        retention.isZero()
            ? Instant.parse("2001-02-03T04:05:06.789Z")
            : clock().instant().minus(retention).minus(Duration.ofHours(1));
    InvocationResult old = TestResults.result(TestResults.requestId("sink"), completedAt).build();

    WriteOutcome outcome = write(old);

    if (retention.isZero()) {
      assertThat(outcome).as("retention zero keeps results forever").isEqualTo(WriteOutcome.STORED);
      assertThat(get(old.invocationId())).contains(asStored(old));
    } else {
      assertThat(outcome).isEqualTo(WriteOutcome.EXPIRED);
      assertThat(get(old.invocationId())).isEmpty();
      assertThat(await(reader().getSummary(old.invocationId()))).isEmpty();
      assertThat(queryRequestAround(old)).isEmpty();
    }
  }

  /** {@link #testEpoch()} plus {@code millis}, plus 123457 ns so sub-millisecond digits show. */
  private Instant at(long millis) {
    return testEpoch().plusMillis(millis).plusNanos(123_457);
  }

  private InvocationResult runningThen(String requestId) {
    return TestResults.minimalResult(requestId, at(100))
        .state(InvocationState.RUNNING)
        .error(null)
        .workerName("unit-first")
        .build();
  }

  private static InvocationResult succeededAfter(InvocationResult earlier) {
    return TestResults.result(earlier.serverlessRequestId(), earlier.completedAt().plusMillis(40))
        .invocationId(earlier.invocationId())
        .headers(Map.of("x-final", "yes"))
        .build();
  }
}
