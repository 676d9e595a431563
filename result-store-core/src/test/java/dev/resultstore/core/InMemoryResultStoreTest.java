package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.testing.MutableClock;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What the in-memory store does beyond the shared contract: expiry over time, paging, sizes. */
class InMemoryResultStoreTest {
  private static final Instant T0 = Instant.parse("2026-07-13T09:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryResultStore store =
      InMemoryResultStore.builder().retention(Duration.ofHours(1)).clock(clock).build();

  @Test
  void results_expire_once_completed_at_plus_retention_has_passed() {
    InvocationResult result = TestResults.result("expiry", T0.minusSeconds(60)).build();
    store.write(result);

    clock.set(T0.plus(Duration.ofMinutes(59)).minusNanos(1));
    assertThat(get(result.invocationId())).isPresent();
    assertThat(store.size()).isEqualTo(1);

    clock.set(T0.plus(Duration.ofMinutes(59)));
    assertThat(get(result.invocationId())).isEmpty();
    assertThat(store.getSummary(result.invocationId()).toCompletableFuture().join()).isEmpty();
    assertThat(store.queryByTime(window(), PageRequest.first(10)).toCompletableFuture().join())
        .isEqualTo(new ResultPage(List.of(), null));
    assertThat(store.size()).isZero();
  }

  @Test
  void expired_results_are_removed_from_memory_on_later_writes() {
    for (int i = 0; i < 100; i++) {
      store.write(TestResults.result("evict", T0.plusMillis(i)).build());
    }
    clock.advance(Duration.ofHours(2));
    InvocationResult fresh = TestResults.result("evict", clock.instant()).build();

    store.write(fresh);

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.queryByRequest("evict", window(), PageRequest.first(1000)))
        .succeedsWithin(Duration.ZERO)
        .extracting(ResultPage::items)
        .isEqualTo(List.of(ResultSummary.of(fresh)));
  }

  @Test
  void a_result_arriving_after_its_retention_is_reported_expired() {
    InvocationResult late = TestResults.result("late", T0.minus(Duration.ofHours(1))).build();

    assertThat(store.write(late)).succeedsWithin(Duration.ZERO).isEqualTo(WriteOutcome.EXPIRED);
    assertThat(store.size()).isZero();
  }

  @Test
  void retention_zero_keeps_results_forever() {
    InMemoryResultStore forever =
        InMemoryResultStore.builder().retention(Duration.ZERO).clock(clock).build();
    InvocationResult ancient =
        TestResults.result("forever", Instant.parse("1999-12-31T23:59:59Z")).build();

    assertThat(forever.write(ancient)).succeedsWithin(Duration.ZERO).isEqualTo(WriteOutcome.STORED);
    clock.advance(Duration.ofDays(365 * 100));

    assertThat(forever.get(ancient.invocationId()).toCompletableFuture().join()).isPresent();
    assertThat(forever.size()).isEqualTo(1);
  }

  @Test
  void a_replacement_moving_to_another_request_leaves_the_old_request() {
    InvocationResult first = TestResults.result("first-request", T0).build();
    InvocationResult moved =
        first.toBuilder().serverlessRequestId("second-request").completedAt(T0).build();

    store.write(first);
    store.write(moved);

    assertThat(items("first-request", 10)).isEmpty();
    assertThat(items("second-request", 10)).containsExactly(ResultSummary.of(moved));
  }

  @Test
  void the_last_page_has_no_cursor_even_when_it_is_full() {
    for (int i = 0; i < 6; i++) {
      store.write(TestResults.result("full-pages", T0.plusMillis(i)).build());
    }

    ResultPage first = page("full-pages", PageRequest.first(3));
    ResultPage second = page("full-pages", PageRequest.after(first.nextCursor(), 3));

    assertThat(first.items()).hasSize(3);
    assertThat(first.nextCursor()).isNotNull();
    assertThat(second.items()).hasSize(3);
    assertThat(second.nextCursor()).isNull();
    assertThat(first.items().get(0).completedAt()).isEqualTo(T0.plusMillis(5));
  }

  @Test
  void clear_removes_everything() {
    store.write(TestResults.result("clear", T0).build());

    store.clear();

    assertThat(store.size()).isZero();
    assertThat(items("clear", 10)).isEmpty();
  }

  @Test
  void concurrent_writers_leave_the_latest_completion_of_each_invocation() throws Exception {
    List<InvocationResult> versions = new ArrayList<>();
    InvocationResult base = TestResults.result("race", T0).build();
    for (int i = 0; i < 200; i++) {
      versions.add(base.toBuilder().completedAt(T0.plusMillis(i % 50).plusNanos(i)).build());
    }
    InvocationResult latest = versions.get(199);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = offset; i < versions.size(); i += 4) {
                    store.write(versions.get(versions.size() - 1 - i));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(get(base.invocationId())).contains(latest.toBuilder().replySubject(null).build());
    assertThat(items("race", 1000)).containsExactly(ResultSummary.of(latest));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void a_hundred_thousand_results_page_in_order() {
    InMemoryResultStore big =
        InMemoryResultStore.builder().retention(Duration.ZERO).clock(clock).build();
    for (int i = 0; i < 100_000; i++) {
      big.write(
          TestResults.minimalResult(i % 2 == 0 ? "even" : "odd", T0.plusMillis(i / 3)).build());
    }

    assertThat(big.size()).isEqualTo(100_000);
    List<ResultSummary> odd = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_SIZE);
    while (request != null) {
      ResultPage page = big.queryByRequest("odd", window(), request).toCompletableFuture().join();
      odd.addAll(page.items());
      request =
          page.next().map(cursor -> PageRequest.after(cursor, PageRequest.MAX_SIZE)).orElse(null);
    }
    assertThat(odd).hasSize(50_000).isSortedAccordingTo(ResultSummary.NEWEST_FIRST);
    assertThat(odd).extracting(ResultSummary::invocationId).doesNotHaveDuplicates();
  }

  @Test
  void the_builder_rejects_a_negative_retention() {
    assertThatThrownBy(() -> InMemoryResultStore.builder().retention(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
    assertThat(InMemoryResultStore.builder().build().retention()).isEqualTo(Duration.ofDays(7));
  }

  private Optional<InvocationResult> get(String invocationId) {
    return store.get(invocationId).toCompletableFuture().join();
  }

  private ResultPage page(String request, PageRequest page) {
    return store.queryByRequest(request, window(), page).toCompletableFuture().join();
  }

  private List<ResultSummary> items(String request, int size) {
    return page(request, PageRequest.first(size)).items();
  }

  private static TimeWindow window() {
    return new TimeWindow(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));
  }
}
