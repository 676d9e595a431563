package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.internal.PageCursor;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class PageMergerTest {
  private static final Instant T = Instant.parse("2026-07-13T09:00:00Z");

  @Test
  void sources_merge_newest_first_with_ties_by_invocation_id() {
    ListSource a = new ListSource(summary("a", 9), summary("c", 5), summary("e", 1));
    ListSource b = new ListSource(summary("b", 9), summary("d", 5));

    ResultPage page = page(List.of(a, b), 10);

    assertThat(page.items())
        .extracting(ResultSummary::invocationId)
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void a_full_page_has_a_cursor_after_its_last_item_only_when_more_follow() {
    ListSource source = new ListSource(summary("a", 3), summary("b", 2), summary("c", 1));

    ResultPage full = page(List.of(source), 2);
    ResultPage exact = page(List.of(new ListSource(summary("a", 3), summary("b", 2))), 2);

    assertThat(full.items()).extracting(ResultSummary::invocationId).containsExactly("a", "b");
    assertThat(PageCursor.decode(full.nextCursor()))
        .isEqualTo(new PageCursor(T.plusMillis(2).toEpochMilli(), "b"));
    assertThat(exact.nextCursor()).isNull();
  }

  @Test
  void an_invocation_listed_by_two_rows_appears_once_at_its_newest() {
    ListSource source = new ListSource(summary("a", 5), summary("b", 4), summary("a", 3));

    assertThat(page(List.of(source), 10).items())
        .extracting(ResultSummary::invocationId)
        .containsExactly("a", "b");
  }

  @Test
  void
      items_that_are_not_the_stored_version_are_dropped_and_the_page_is_filled_from_further_items() {
    ListSource source =
        new ListSource(
            summary("a", 9),
            summary("stale-1", 8),
            summary("b", 7),
            summary("stale-2", 6),
            summary("c", 5),
            summary("d", 4));
    List<String> checked = new ArrayList<>();

    ResultPage page =
        PageMerger.page(
                List.of(source),
                2,
                item -> {
                  synchronized (checked) {
                    checked.add(item.invocationId());
                  }
                  return CompletableFuture.supplyAsync(
                      () ->
                          Optional.of(stored(item))
                              .filter(stored -> !stored.invocationId().startsWith("stale")));
                })
            .toCompletableFuture()
            .join();

    assertThat(page.items()).extracting(ResultSummary::invocationId).containsExactly("a", "b");
    assertThat(PageCursor.decode(page.nextCursor()))
        .isEqualTo(new PageCursor(T.plusMillis(7).toEpochMilli(), "b"));
    assertThat(checked)
        .as("every listed item and the one proving a next page are checked, no more")
        .containsExactlyInAnyOrder("a", "stale-1", "b", "stale-2", "c");
  }

  @Test
  void a_last_page_whose_items_are_all_stale_is_empty_and_has_no_cursor() {
    ListSource source = new ListSource(summary("x", 3), summary("y", 2));

    ResultPage page =
        PageMerger.page(
                List.of(source), 5, item -> CompletableFuture.completedFuture(Optional.empty()))
            .toCompletableFuture()
            .join();

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void only_sources_whose_head_is_needed_are_fetched() {
    ListSource busy = new ListSource(summary("a", 9), summary("b", 8), summary("c", 7));
    ListSource quiet = new ListSource(summary("z", 1), summary("y", 0));

    page(List.of(busy, quiet), 2);

    assertThat(quiet.fetched).isEqualTo(1);
  }

  @Test
  void no_sources_or_empty_ones_give_an_empty_last_page() {
    ResultPage page = page(List.of(new ListSource(), new ListSource()), 5);

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  private static ResultPage page(List<ListSource> sources, int size) {
    return PageMerger.page(
            sources, size, item -> CompletableFuture.completedFuture(Optional.of(stored(item))))
        .toCompletableFuture()
        .join();
  }

  /** The summary the results row of a listed item holds. */
  private static ResultSummary stored(Listed listed) {
    return summary(listed.invocationId(), listed.completedAt().toEpochMilli() - T.toEpochMilli());
  }

  private static ResultSummary summary(String id, long millis) {
    return new ResultSummary(
        id,
        "app",
        InvocationMode.ASYNC,
        InvocationState.SUCCEEDED,
        null,
        null,
        null,
        null,
        0,
        null,
        T,
        T.plusMillis(millis));
  }

  /** A source over a list, fetching one item per fill (asynchronously, as a driver would). */
  private static final class ListSource implements SummarySource {
    private final Deque<ResultSummary> remaining;
    private ResultSummary head;
    private boolean exhausted;
    int fetched;

    ListSource(ResultSummary... items) {
      remaining = new ArrayDeque<>(List.of(items));
    }

    @Override
    public boolean ready() {
      return head != null || exhausted;
    }

    @Override
    public CompletionStage<Void> fill() {
      fetched++;
      return CompletableFuture.supplyAsync(remaining::poll)
          .thenAccept(
              next -> {
                head = next;
                exhausted = next == null;
              });
    }

    @Override
    public Listed head() {
      return head == null ? null : new Listed(head.invocationId(), head.completedAt());
    }

    @Override
    public void advance() {
      head = null;
    }
  }
}
