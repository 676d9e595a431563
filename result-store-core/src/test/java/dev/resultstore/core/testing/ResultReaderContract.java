package dev.resultstore.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The query half of the store contract: {@link dev.resultstore.core.ResultReader#queryByRequest}
 * and {@link dev.resultstore.core.ResultReader#queryByTime} return exactly the results whose {@code
 * completedAt} lies in the half-open window [from, to), newest first in {@link
 * ResultSummary#NEWEST_FIRST} order, and page through cursors without duplicates or gaps; invalid
 * arguments throw {@link IllegalArgumentException}. Extend {@link ResultStoreContract}.
 *
 * <p>Window bounds in these tests are millisecond-aligned, so a store may compare at millisecond
 * precision (a CQL timestamp's); results inside the window carry sub-millisecond digits, and
 * several share one millisecond to check the tie-break by invocation id. Query items must equal
 * {@link ResultSummary#of} the stored result, timestamps to the nanosecond.
 */
public abstract class ResultReaderContract extends ResultSinkContract {

  @Test
  void query_by_request_returns_only_that_requests_results_in_the_window_newest_first() {
    String request = TestResults.requestId("query");
    String otherRequest = TestResults.requestId("query");
    TimeWindow window = window(0, 1000);
    List<InvocationResult> results = new ArrayList<>();
    results.add(result(request, 0, 0));
    results.add(result(request, 250, 500_100));
    results.add(result(request, 250, 100));
    results.add(result(request, 250, 100));
    results.add(result(request, 999, 999_999));
    results.add(result(request, -1, 0));
    results.add(result(request, 1000, 0));
    results.add(result(otherRequest, 300, 0));
    results.add(result(otherRequest, 10, 1));
    writeAll(results);

    List<ResultSummary> page =
        await(reader().queryByRequest(request, window, PageRequest.first(100))).items();

    assertThat(page)
        .containsExactlyElementsOf(
            expected(results, r -> r.serverlessRequestId().equals(request), window));
  }

  @Test
  void query_by_request_pages_through_cursors_without_duplicates_or_gaps() {
    String request = TestResults.requestId("paging");
    TimeWindow window = window(0, 1000);
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      results.add(result(request, 40L * (i % 9), 7_000L * i));
    }
    writeAll(results);
    List<ResultSummary> expected = expected(results, r -> true, window);
    assertThat(expected).hasSize(23);

    for (int size : new int[] {1, 4, 23, 1000}) {
      assertThat(readAll(page -> reader().queryByRequest(request, window, page), size))
          .as("pages of %d", size)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void query_by_time_returns_the_results_of_every_request_in_the_window_newest_first() {
    TimeWindow window = window(0, 1000);
    List<InvocationResult> results = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      String request = TestResults.requestId("time" + r);
      results.add(result(request, 0, 0));
      results.add(result(request, 100 + r, 77));
      results.add(result(request, 500, 1_000 * r));
      results.add(result(request, 999, 0));
      results.add(result(request, -1, 999_999));
      results.add(result(request, 1000, 0));
    }
    writeAll(results);
    List<ResultSummary> expected = expected(results, r -> true, window);
    assertThat(expected).hasSize(12);

    for (int size : new int[] {3, 5, 1000}) {
      assertThat(readAll(page -> reader().queryByTime(window, page), size))
          .as("pages of %d", size)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void windows_include_from_and_exclude_to() {
    String request = TestResults.requestId("bounds");
    InvocationResult before = result(request, 99, 999_999);
    InvocationResult atFrom = result(request, 100, 0);
    InvocationResult lastInside = result(request, 199, 999_999);
    InvocationResult atTo = result(request, 200, 0);
    writeAll(List.of(before, atFrom, lastInside, atTo));
    TimeWindow window = window(100, 200);
    List<ResultSummary> expected = List.of(ResultSummary.of(lastInside), ResultSummary.of(atFrom));

    assertThat(readAll(page -> reader().queryByRequest(request, window, page), 10))
        .containsExactlyElementsOf(expected);
    assertThat(readAll(page -> reader().queryByTime(window, page), 10))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void a_query_without_matches_returns_an_empty_page_without_cursor() {
    ResultPage page =
        await(
            reader()
                .queryByRequest(
                    TestResults.requestId("nothing"), window(0, 1000), PageRequest.first(10)));

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void invalid_arguments_are_rejected_before_any_io() {
    TimeWindow window = window(0, 1000);
    PageRequest first = PageRequest.first(10);
    PageRequest badCursor = PageRequest.after("!!not a cursor!!", 10);

    assertThatThrownBy(() -> reader().get("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().get("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().getSummary(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().queryByRequest(" ", window, first))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().queryByRequest("sd-webui", null, first))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().queryByTime(null, first))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().queryByRequest("sd-webui", window, badCursor))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader().queryByTime(window, badCursor))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** [testEpoch + fromMillis, testEpoch + toMillis). */
  private TimeWindow window(long fromMillis, long toMillis) {
    return new TimeWindow(testEpoch().plusMillis(fromMillis), testEpoch().plusMillis(toMillis));
  }

  /** A new result of {@code request} completed at testEpoch + millis + nanos. */
  private InvocationResult result(String request, long millis, long nanos) {
    Instant completedAt = testEpoch().plusMillis(millis).plusNanos(nanos);
    return TestResults.result(request, completedAt).build();
  }

  private static List<ResultSummary> expected(
      List<InvocationResult> written, Predicate<InvocationResult> filter, TimeWindow window) {
    return written.stream()
        .filter(filter)
        .filter(r -> window.contains(r.completedAt()))
        .map(ResultSummary::of)
        .sorted(ResultSummary.NEWEST_FIRST)
        .toList();
  }
}
