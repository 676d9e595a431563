package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LookupGroupsTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<List<String>> sent = new ArrayList<>();
  private final List<CompletableFuture<Void>> sends = new ArrayList<>();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private CompletionStage<?> send(List<String> rows) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (sent) {
      sent.add(rows);
      sends.add(done);
    }
    return done;
  }

  private int sentCount() {
    synchronized (sent) {
      return sent.size();
    }
  }

  @Test
  void rows_of_one_partition_go_together_once_the_group_is_full() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 3, 1000);

    groups.add("p", "a", 10);
    groups.add("q", "x", 10);
    groups.add("p", "b", 10);
    assertThat(sent).isEmpty();
    groups.add("p", "c", 10);

    assertThat(sent).containsExactly(List.of("a", "b", "c"));
    assertThat(groups.openGroups()).isEqualTo(1);
  }

  @Test
  void a_group_is_sent_when_its_bytes_reach_the_limit() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 50);

    groups.add("p", "a", 30);
    assertThat(sent).isEmpty();
    groups.add("p", "b", 30);

    assertThat(sent).containsExactly(List.of("a", "b"));
  }

  @Test
  void a_group_that_does_not_fill_is_sent_after_the_linger() throws Exception {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofMillis(20), 100, 10_000);

    long start = System.nanoTime();
    CompletionStage<Void> a = groups.add("p", "a", 10);
    groups.add("p", "b", 10);
    while (sentCount() == 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(1);
    }

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(sent).containsExactly(List.of("a", "b"));
    assertThat(a.toCompletableFuture()).isNotDone();
  }

  @Test
  void no_row_is_reported_written_before_its_group_is_written() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 2, 1000);

    CompletableFuture<Void> a = groups.add("p", "a", 10).toCompletableFuture();
    CompletableFuture<Void> b = groups.add("p", "b", 10).toCompletableFuture();
    assertThat(a).isNotDone();
    assertThat(b).isNotDone();

    sends.get(0).complete(null);

    assertThat(a).isCompleted();
    assertThat(b).isCompleted();
  }

  @Test
  void a_failed_group_fails_every_row_in_it_and_no_other() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 2, 1000);

    CompletableFuture<Void> a = groups.add("p", "a", 10).toCompletableFuture();
    CompletableFuture<Void> b = groups.add("p", "b", 10).toCompletableFuture();
    CompletableFuture<Void> c = groups.add("q", "c", 10).toCompletableFuture();
    CompletableFuture<Void> d = groups.add("q", "d", 10).toCompletableFuture();

    sends.get(0).completeExceptionally(new IllegalStateException("write timeout"));
    sends.get(1).complete(null);

    assertThat(a).isCompletedExceptionally();
    assertThat(b).isCompletedExceptionally();
    assertThat(c).isCompleted().isNotCompletedExceptionally();
    assertThat(d).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void a_send_that_throws_fails_the_group_instead_of_the_caller() {
    LookupGroups<String> groups =
        new LookupGroups<>(
            rows -> {
              throw new IllegalStateException("session closed");
            },
            timer,
            Duration.ofHours(1),
            1,
            1000);

    assertThat(groups.add("p", "a", 10).toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void a_zero_linger_sends_every_row_alone() {
    LookupGroups<String> groups = new LookupGroups<>(this::send, timer, Duration.ZERO, 100, 1000);

    groups.add("p", "a", 10);
    groups.add("p", "b", 10);

    assertThat(sent).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void closing_sends_the_lingering_groups() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 1000);
    groups.add("p", "a", 10);
    groups.add("q", "b", 10);

    groups.flushAll();

    assertThat(sent).containsExactlyInAnyOrder(List.of("a"), List.of("b"));
    assertThat(groups.openGroups()).isZero();
  }

  @Test
  void every_write_of_a_group_settles_before_the_writes_waiting_for_permits_start() {
    WritePermits permits = new WritePermits(3, 10);
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, permits::handOffAfter, Duration.ofHours(1), 3, 1000);
    List<String> events = new ArrayList<>();
    for (String row : List.of("a", "b", "c")) {
      assertThat(permits.acquire()).isCompleted();
      groups
          .add("p", row, 10)
          .thenRun(
              () -> {
                events.add("settled " + row);
                permits.release();
              });
    }
    for (int i = 0; i < 3; i++) {
      permits.acquire().thenRun(() -> events.add("waiting write started"));
    }

    sends.get(0).complete(null);

    assertThat(events).hasSize(6);
    assertThat(events.subList(0, 3)).allMatch(event -> event.startsWith("settled "));
    assertThat(events.subList(3, 6)).containsOnly("waiting write started");
    assertThat(permits.inFlight()).isEqualTo(3);
    assertThat(permits.waiting()).isZero();
  }
}
