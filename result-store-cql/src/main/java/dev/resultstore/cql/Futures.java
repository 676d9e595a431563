package dev.resultstore.cql;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Small helpers for composing stages. */
final class Futures {
  private Futures() {}

  /** Completes when every stage has completed; fails with the first failure. */
  static CompletionStage<Void> allOf(List<? extends CompletionStage<?>> stages) {
    if (stages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.allOf(
        stages.stream()
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Runs {@code task(0)} .. {@code task(count - 1)} with at most {@code concurrency} in flight and
   * completes when all have; stops starting new tasks after the first failure and fails with it.
   */
  static CompletionStage<Void> bounded(
      int count, int concurrency, IntFunction<? extends CompletionStage<?>> task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (count == 0) {
      done.complete(null);
      return done;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < Math.min(count, concurrency); i++) {
      startNext(count, task, next, finished, done);
    }
    return done;
  }

  private static void startNext(
      int count,
      IntFunction<? extends CompletionStage<?>> task,
      AtomicInteger next,
      AtomicInteger finished,
      CompletableFuture<Void> done) {
    int index = next.getAndIncrement();
    if (index >= count || done.isDone()) {
      return;
    }
    CompletionStage<?> stage;
    try {
      stage = task.apply(index);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            done.completeExceptionally(error);
          } else if (finished.incrementAndGet() == count) {
            done.complete(null);
          } else {
            startNext(count, task, next, finished, done);
          }
        });
  }
}
