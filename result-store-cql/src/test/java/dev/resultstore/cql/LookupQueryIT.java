package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Window queries over many small buckets (1 minute) and few shards (4): cursors that cross bucket
 * boundaries, long stretches of empty buckets, the shard merge, and the window limit.
 */
class LookupQueryIT {
  private static String keyspace;
  private static CqlResultStore store;

  @BeforeAll
  static void connect() {
    keyspace = CqlTestStores.uniqueKeyspace();
    store =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace)
                .lookupBucket(Duration.ofMinutes(1))
                .timeShards(4)
                .build());
  }

  @AfterAll
  static void dropKeyspace() {
    CqlTestStores.drop(store.session(), keyspace);
    store.close();
  }

  @Test
  void a_request_query_pages_across_buckets_and_skips_empty_ones() {
    Instant epoch = randomEpoch();
    String request = TestResults.requestId("buckets");
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Every 20 s over 10 minutes, then one result 50 minutes later: 40 empty buckets between.
      long offset = i < 29 ? 20_000L * i + i : Duration.ofMinutes(60).toMillis();
      results.add(TestResults.result(request, epoch.plusMillis(offset).plusNanos(i)).build());
    }
    writeAll(results);
    TimeWindow window = new TimeWindow(epoch.minusSeconds(600), epoch.plus(Duration.ofMinutes(90)));

    for (int size : new int[] {1, 7, 30, 31}) {
      assertThat(readAll(page -> store.queryByRequest(request, window, page), size))
          .as("pages of %d", size)
          .containsExactlyElementsOf(newestFirst(results));
    }
  }

  @Test
  void a_time_query_merges_every_shard_newest_first() {
    Instant epoch = randomEpoch();
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String request = TestResults.requestId("shards" + (i % 3));
      // Some share a millisecond, to check the tie-break by invocation id across shards.
      results.add(TestResults.result(request, epoch.plusMillis(7_000L * (i / 2))).build());
    }
    writeAll(results);
    Lookups lookups = new Lookups(Duration.ofMinutes(1), 4);
    assertThat(
            results.stream().map(r -> lookups.shard(r.invocationId())).collect(Collectors.toSet()))
        .as("the results spread over the shards")
        .hasSize(4);
    TimeWindow window = new TimeWindow(epoch, epoch.plus(Duration.ofMinutes(5)));

    for (int size : new int[] {1, 6, 40, 1000}) {
      assertThat(readAll(page -> store.queryByTime(window, page), size))
          .as("pages of %d", size)
          .containsExactlyElementsOf(newestFirst(results));
    }
  }

  @Test
  void a_page_cursor_continues_in_the_middle_of_a_millisecond() {
    Instant at = randomEpoch().plusNanos(5);
    String request = TestResults.requestId("ties");
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(TestResults.result(request, at).build());
    }
    writeAll(results);
    TimeWindow window = new TimeWindow(at.minusSeconds(1), at.plusSeconds(1));

    ResultPage first = await(store.queryByRequest(request, window, PageRequest.first(2)));
    ResultPage second =
        await(store.queryByRequest(request, window, PageRequest.after(first.nextCursor(), 2)));

    List<ResultSummary> expected = newestFirst(results);
    assertThat(first.items()).containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(second.items()).containsExactlyElementsOf(expected.subList(2, 4));
    assertThat(second.nextCursor()).isNotNull();
  }

  @Test
  void a_window_spanning_too_many_buckets_is_rejected_before_any_query() {
    try (CqlResultStore forever =
        CqlResultStore.connect(
            CqlTestStores.config(keyspace)
                .lookupBucket(Duration.ofMinutes(1))
                .timeShards(4)
                .retention(Duration.ZERO)
                .build())) {
      TimeWindow centuries = new TimeWindow(Instant.parse("1900-01-01T00:00:00Z"), Instant.now());

      assertThatThrownBy(() -> forever.queryByTime(centuries, PageRequest.first(10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lookup buckets");
      assertThatThrownBy(() -> forever.queryByRequest("app", centuries, PageRequest.first(10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("narrower window");
    }
  }

  @Test
  void a_window_before_the_retention_returns_an_empty_last_page() {
    TimeWindow ancient =
        new TimeWindow(
            Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-01-02T00:00:00Z"));

    ResultPage page = await(store.queryByTime(ancient, PageRequest.first(10)));

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  /** A millisecond-aligned instant 1 to 100 hours ago, unique enough for one test. */
  private static Instant randomEpoch() {
    long minutes = ThreadLocalRandom.current().nextLong(60, 6_000);
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(minutes));
  }

  private static void writeAll(List<InvocationResult> results) {
    List<CompletionStage<WriteOutcome>> stages = new ArrayList<>();
    for (InvocationResult result : results) {
      stages.add(store.write(result));
    }
    for (CompletionStage<WriteOutcome> stage : stages) {
      assertThat(await(stage)).isEqualTo(WriteOutcome.STORED);
    }
  }

  private static List<ResultSummary> newestFirst(List<InvocationResult> results) {
    return results.stream().map(ResultSummary::of).sorted(ResultSummary.NEWEST_FIRST).toList();
  }

  private static List<ResultSummary> readAll(
      Function<PageRequest, CompletionStage<ResultPage>> query, int size) {
    List<ResultSummary> items = new ArrayList<>();
    PageRequest request = PageRequest.first(size);
    for (int pages = 0; pages < 1000; pages++) {
      ResultPage page = await(query.apply(request));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(size);
      items.addAll(page.items());
      if (page.nextCursor() == null) {
        return items;
      }
      assertThat(page.items()).isNotEmpty();
      request = PageRequest.after(page.nextCursor(), size);
    }
    throw new AssertionError("a query that does not end");
  }
}
