package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.internal.ResultWaiter;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResultWaiterTest {

  /** A reader over an in-memory store that counts summary reads and does not notify anyone. */
  private static class CountingReader implements ResultReader {
    final InMemoryResultStore store = InMemoryResultStore.builder().build();
    final AtomicInteger summaryReads = new AtomicInteger();

    @Override
    public CompletionStage<Optional<InvocationResult>> get(String invocationId) {
      return store.get(invocationId);
    }

    @Override
    public CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
      summaryReads.incrementAndGet();
      return store.getSummary(invocationId);
    }

    @Override
    public CompletionStage<ResultPage> queryByRequest(
        String serverlessRequestId, TimeWindow window, PageRequest page) {
      return store.queryByRequest(serverlessRequestId, window, page);
    }

    @Override
    public CompletionStage<ResultPage> queryByTime(TimeWindow window, PageRequest page) {
      return store.queryByTime(window, page);
    }
  }

  private static InvocationResult result() {
    return TestResults.result(TestResults.requestId("waiter"), Instant.now()).build();
  }

  private static <T> T value(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void one_notification_serves_every_wait_on_its_id_with_one_read() throws Exception {
    CountingReader reader = new CountingReader();
    ResultWaiter waiter =
        ResultWaiter.builder(reader).fallbackInterval(Duration.ofHours(1)).build();
    InvocationResult result = result();
    List<CompletionStage<Optional<ResultSummary>>> waits = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      waits.add(waiter.await(result.invocationId(), Duration.ofMinutes(1)));
    }
    assertThat(waiter.waiting()).isEqualTo(100);
    assertThat(waiter.waitsFor(result.invocationId())).isTrue();
    assertThat(waiter.waitsFor("inv-nobody-waits-for")).isFalse();
    int readsBefore = reader.summaryReads.get();
    reader.store.write(result);

    waiter.stored(result.invocationId());

    for (CompletionStage<Optional<ResultSummary>> wait : waits) {
      assertThat(value(wait)).contains(ResultSummary.of(result));
    }
    assertThat(reader.summaryReads.get() - readsBefore).isEqualTo(1);
    assertThat(waiter.waiting()).isZero();
    assertThat(waiter.waitsFor(result.invocationId())).isFalse();
  }

  @Test
  void a_notification_with_the_summary_completes_the_waits_without_a_read() throws Exception {
    CountingReader reader = new CountingReader();
    ResultWaiter waiter =
        ResultWaiter.builder(reader).fallbackInterval(Duration.ofHours(1)).build();
    InvocationResult result = result();
    CompletionStage<Optional<ResultSummary>> first =
        waiter.await(result.invocationId(), Duration.ofMinutes(1));
    CompletionStage<Optional<ResultSummary>> second =
        waiter.await(result.invocationId(), Duration.ofMinutes(1));
    int readsBefore = reader.summaryReads.get();

    waiter.stored(ResultSummary.of(result));

    assertThat(value(first)).contains(ResultSummary.of(result));
    assertThat(value(second)).contains(ResultSummary.of(result));
    assertThat(reader.summaryReads.get()).isEqualTo(readsBefore);
  }

  @Test
  void a_lost_notification_is_covered_by_the_fallback_read() throws Exception {
    CountingReader reader = new CountingReader();
    ResultWaiter waiter =
        ResultWaiter.builder(reader).fallbackInterval(Duration.ofMillis(50)).build();
    InvocationResult result = result();
    CompletionStage<Optional<ResultSummary>> wait =
        waiter.await(result.invocationId(), Duration.ofMinutes(1));

    reader.store.write(result); // and no notification

    assertThat(value(wait)).contains(ResultSummary.of(result));
  }

  @Test
  void a_notification_for_an_id_nobody_waits_for_reads_nothing() {
    CountingReader reader = new CountingReader();
    ResultWaiter waiter = ResultWaiter.builder(reader).build();

    waiter.stored(TestResults.invocationId());

    assertThat(reader.summaryReads.get()).isZero();
  }

  @Test
  void waits_beyond_the_bound_fail_as_transient() throws Exception {
    ResultWaiter waiter = ResultWaiter.builder(new CountingReader()).maxWaits(2).build();
    waiter.await(TestResults.invocationId(), Duration.ofMinutes(1));
    waiter.await(TestResults.invocationId(), Duration.ofMinutes(1));

    CompletionStage<Optional<ResultSummary>> third =
        waiter.await(TestResults.invocationId(), Duration.ofMinutes(1));

    assertThat(third.toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TransientStoreException.class);
  }

  @Test
  void close_ends_every_wait_empty_and_unregisters_it() throws Exception {
    ResultWaiter waiter = ResultWaiter.builder(new CountingReader()).build();
    CompletionStage<Optional<ResultSummary>> wait =
        waiter.await(TestResults.invocationId(), Duration.ofMinutes(1));

    waiter.close();

    assertThat(value(wait)).isEmpty();
    assertThat(waiter.waiting()).isZero();
  }

  @Test
  void a_failing_first_read_fails_the_wait() {
    ResultReader failing =
        new CountingReader() {
          @Override
          public CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                new TransientStoreException("down", null));
          }
        };
    ResultWaiter waiter = ResultWaiter.builder(failing).build();

    CompletionStage<Optional<ResultSummary>> wait =
        waiter.await(TestResults.invocationId(), Duration.ofMinutes(1));

    assertThat(wait.toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TransientStoreException.class);
    assertThat(waiter.waiting()).isZero();
  }
}
