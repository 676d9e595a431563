package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedLoopTest {
  private static final Duration STALL = Duration.ofSeconds(30);

  private final ExecutorService completer = Executors.newFixedThreadPool(4);
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();

  @AfterEach
  void stop() {
    completer.shutdownNow();
  }

  @Test
  void chains_run_every_operation_once_with_at_most_the_concurrency_in_flight() throws Exception {
    int[] runs = new int[5_000];
    AtomicLong done = new AtomicLong();

    BoundedLoop.Outcome outcome =
        BoundedLoop.chained(runs.length, 8, index -> later(() -> runs[index]++), done, STALL);

    assertThat(outcome.succeeded()).isEqualTo(5_000);
    assertThat(outcome.errors()).isZero();
    assertThat(done.get()).isEqualTo(5_000);
    assertThat(runs).containsOnly(1);
    assertThat(mostRunning.get()).isBetween(1, 8);
  }

  @Test
  void the_caller_s_loop_runs_every_operation_once_with_at_most_the_concurrency_in_flight()
      throws Exception {
    int[] runs = new int[5_000];
    AtomicLong done = new AtomicLong();

    BoundedLoop.Outcome outcome =
        BoundedLoop.run(runs.length, 8, index -> later(() -> runs[index]++), done, STALL);

    assertThat(outcome.succeeded()).isEqualTo(5_000);
    assertThat(done.get()).isEqualTo(5_000);
    assertThat(runs).containsOnly(1);
    assertThat(mostRunning.get()).isBetween(1, 8);
  }

  @Test
  void operations_that_complete_at_once_do_not_deepen_the_stack() throws Exception {
    AtomicLong done = new AtomicLong();

    BoundedLoop.Outcome outcome =
        BoundedLoop.chained(
            200_000, 4, index -> CompletableFuture.completedFuture(null), done, STALL);

    assertThat(outcome.succeeded()).isEqualTo(200_000);
  }

  @Test
  void failures_are_counted_and_the_first_kept_and_the_rest_still_runs() throws Exception {
    AtomicLong done = new AtomicLong();
    IllegalStateException thrown = new IllegalStateException("thrown");

    BoundedLoop.Outcome outcome =
        BoundedLoop.chained(
            100,
            3,
            index -> {
              if (index == 10) {
                throw thrown;
              }
              if (index % 25 == 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("failed"));
              }
              return later(() -> {});
            },
            done,
            STALL);

    assertThat(outcome.errors()).isEqualTo(5);
    assertThat(outcome.succeeded()).isEqualTo(95);
    assertThat(outcome.firstError()).isNotNull();
    assertThat(done.get()).isEqualTo(100);
  }

  @Test
  void an_operation_that_never_completes_is_reported_as_a_stall() {
    assertThatThrownBy(
            () ->
                BoundedLoop.chained(
                    3,
                    2,
                    index -> new CompletableFuture<Void>(),
                    new AtomicLong(),
                    Duration.ofMillis(200)))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("no operation completed");
  }

  private CompletableFuture<Void> later(Runnable work) {
    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    return CompletableFuture.runAsync(
        () -> {
          work.run();
          running.decrementAndGet();
        },
        completer);
  }
}
