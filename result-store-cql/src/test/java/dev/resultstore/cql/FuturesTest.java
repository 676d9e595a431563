package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class FuturesTest {

  @Test
  void bounded_runs_at_most_the_given_number_of_tasks_at_once() {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();

    CompletableFuture<Void> all =
        Futures.bounded(
                10,
                3,
                index -> {
                  peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                  CompletableFuture<Void> task = new CompletableFuture<>();
                  started.add(task);
                  return task.whenComplete((v, e) -> running.decrementAndGet());
                })
            .toCompletableFuture();

    assertThat(started).hasSize(3);
    for (int i = 0; i < 10; i++) {
      started.get(i).complete(null);
    }
    assertThat(all).isCompleted();
    assertThat(started).hasSize(10);
    assertThat(peak).hasValue(3);
  }

  @Test
  void bounded_stops_at_the_first_failure() {
    AtomicInteger started = new AtomicInteger();

    CompletableFuture<Void> all =
        Futures.bounded(
                5,
                1,
                index -> {
                  started.incrementAndGet();
                  return index == 1
                      ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                      : CompletableFuture.completedFuture(null);
                })
            .toCompletableFuture();

    Assertions.assertThatThrownBy(all::join)
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("boom");
    assertThat(started).hasValue(2);
  }

  @Test
  void nothing_to_run_completes_at_once() {
    assertThat(Futures.bounded(0, 4, index -> null).toCompletableFuture()).isCompleted();
    assertThat(Futures.allOf(List.of()).toCompletableFuture()).isCompleted();
  }
}
