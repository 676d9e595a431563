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
import java.util.concurrent.atomic.AtomicBoolean;
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
  void a_row_of_a_partition_with_nothing_at_the_server_goes_at_once_alone() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 1000);

    CompletableFuture<Void> a = groups.add("p", "a", 10).toCompletableFuture();
    groups.add("q", "x", 10);

    assertThat(sent).containsExactly(List.of("a"), List.of("x"));
    assertThat(groups.openGroups()).isZero();
    assertThat(a).isNotDone();
  }

  @Test
  void
      rows_wait_while_their_partition_has_a_group_at_the_server_and_go_together_when_it_is_answered() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 1000);
    groups.add("p", "a", 10);
    groups.add("p", "b", 10);
    groups.add("q", "x", 10);
    groups.add("p", "c", 10);
    assertThat(sent).containsExactly(List.of("a"), List.of("x"));

    sends.get(0).complete(null);

    assertThat(sent).containsExactly(List.of("a"), List.of("x"), List.of("b", "c"));
    assertThat(groups.openGroups()).isZero();
  }

  @Test
  void a_partition_is_forgotten_once_its_groups_are_answered() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 1000);
    groups.add("p", "a", 10);
    groups.add("p", "b", 10);
    groups.add("q", "x", 10);
    assertThat(groups.trackedPartitions()).isEqualTo(2);

    sends.get(0).complete(null);
    sends.get(1).complete(null);
    sends.get(2).complete(null);

    assertThat(groups.trackedPartitions()).isZero();
    groups.add("p", "c", 10);
    assertThat(sent).last().isEqualTo(List.of("c"));
  }

  @Test
  void a_waiting_group_is_sent_when_it_is_full_though_its_partition_has_a_group_at_the_server() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 3, 1000);

    groups.add("p", "a", 10);
    groups.add("p", "b", 10);
    groups.add("q", "x", 10);
    groups.add("p", "c", 10);
    assertThat(sent).containsExactly(List.of("a"), List.of("x"));
    groups.add("p", "d", 10);

    assertThat(sent).containsExactly(List.of("a"), List.of("x"), List.of("b", "c", "d"));
    assertThat(groups.openGroups()).isZero();
  }

  @Test
  void a_waiting_group_is_sent_when_its_bytes_reach_the_limit() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 50);
    groups.add("p", "a", 10);

    groups.add("p", "b", 30);
    assertThat(sent).hasSize(1);
    groups.add("p", "c", 30);

    assertThat(sent).containsExactly(List.of("a"), List.of("b", "c"));
  }

  @Test
  void a_waiting_group_is_sent_after_the_linger_though_the_server_has_not_answered()
      throws Exception {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofMillis(20), 100, 10_000);
    groups.add("p", "a", 10);

    long start = System.nanoTime();
    CompletionStage<Void> b = groups.add("p", "b", 10);
    groups.add("p", "c", 10);
    while (sentCount() < 2 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(1);
    }

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(sent).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(b.toCompletableFuture()).isNotDone();
  }

  @Test
  void no_row_is_reported_written_before_its_group_is_written() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 2, 1000);
    CompletableFuture<Void> a = groups.add("p", "a", 10).toCompletableFuture();
    CompletableFuture<Void> b = groups.add("p", "b", 10).toCompletableFuture();
    CompletableFuture<Void> c = groups.add("p", "c", 10).toCompletableFuture();
    assertThat(List.of(a, b, c)).noneMatch(CompletableFuture::isDone);

    sends.get(0).complete(null);
    assertThat(a).isCompleted();
    assertThat(b).isNotDone();
    assertThat(c).isNotDone();

    sends.get(1).complete(null);
    assertThat(b).isCompleted();
    assertThat(c).isCompleted();
  }

  @Test
  void a_failed_group_fails_every_row_in_it_and_no_other() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 2, 1000);
    groups.add("p", "first", 10);
    groups.add("q", "first", 10);

    CompletableFuture<Void> a = groups.add("p", "a", 10).toCompletableFuture();
    CompletableFuture<Void> b = groups.add("p", "b", 10).toCompletableFuture();
    CompletableFuture<Void> c = groups.add("q", "c", 10).toCompletableFuture();
    CompletableFuture<Void> d = groups.add("q", "d", 10).toCompletableFuture();

    sends.get(2).completeExceptionally(new IllegalStateException("write timeout"));
    sends.get(3).complete(null);

    assertThat(a).isCompletedExceptionally();
    assertThat(b).isCompletedExceptionally();
    assertThat(c).isCompleted().isNotCompletedExceptionally();
    assertThat(d).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void the_rows_waiting_behind_a_failed_group_still_go() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 1000);
    CompletableFuture<Void> a = groups.add("p", "a", 10).toCompletableFuture();
    groups.add("p", "b", 10);

    sends.get(0).completeExceptionally(new IllegalStateException("write timeout"));

    assertThat(a).isCompletedExceptionally();
    assertThat(sent).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void while_the_writes_are_behind_every_row_waits_for_its_group_to_fill_or_linger() {
    AtomicBoolean behind = new AtomicBoolean(true);
    LookupGroups<String> groups =
        new LookupGroups<>(
            this::send, timer, Runnable::run, behind::get, Duration.ofHours(1), 3, 1000);

    groups.add("p", "a", 10);
    groups.add("q", "x", 10);
    groups.add("p", "b", 10);
    assertThat(sent).isEmpty();
    groups.add("p", "c", 10);

    assertThat(sent).containsExactly(List.of("a", "b", "c"));
    assertThat(groups.openGroups()).isEqualTo(1);
  }

  @Test
  void while_the_writes_are_behind_an_answer_does_not_send_the_waiting_group_early() {
    AtomicBoolean behind = new AtomicBoolean(false);
    LookupGroups<String> groups =
        new LookupGroups<>(
            this::send, timer, Runnable::run, behind::get, Duration.ofHours(1), 100, 1000);
    groups.add("p", "a", 10);
    groups.add("p", "b", 10);
    behind.set(true);

    sends.get(0).complete(null);
    assertThat(sent).containsExactly(List.of("a"));

    behind.set(false);
    groups.flushAll();
    assertThat(sent).containsExactly(List.of("a"), List.of("b"));
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
  void closing_sends_the_waiting_groups() {
    LookupGroups<String> groups =
        new LookupGroups<>(this::send, timer, Duration.ofHours(1), 100, 1000);
    groups.add("p", "a", 10);
    groups.add("q", "x", 10);
    groups.add("p", "b", 10);
    groups.add("q", "y", 10);

    groups.flushAll();

    assertThat(sent.subList(2, 4)).containsExactlyInAnyOrder(List.of("b"), List.of("y"));
    assertThat(groups.openGroups()).isZero();
  }

  @Test
  void every_write_of_a_group_settles_before_the_writes_waiting_for_permits_start() {
    WritePermits permits = new WritePermits(3, 10);
    LookupGroups<String> groups =
        new LookupGroups<>(
            this::send,
            timer,
            permits::handOffAfter,
            permits::exhausted,
            Duration.ofHours(1),
            3,
            1000);
    List<String> events = new ArrayList<>();
    groups.add("p", "at the server", 10);
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

    sends.get(1).complete(null);

    assertThat(events).hasSize(6);
    assertThat(events.subList(0, 3)).allMatch(event -> event.startsWith("settled "));
    assertThat(events.subList(3, 6)).containsOnly("waiting write started");
    assertThat(permits.inFlight()).isEqualTo(3);
    assertThat(permits.waiting()).isZero();
  }
}
