package dev.resultstore.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs {@code count} asynchronous operations with at most {@code concurrency} in flight, either
 * started one by one by the calling thread as permits free up ({@link #run}), or in chains where
 * each completion starts the next operation ({@link #chained}). Both block the caller until all
 * completed.
 */
final class BoundedLoop {
  private BoundedLoop() {}

  /**
   * Runs {@code count} operations in {@code concurrency} chains: the caller starts the first
   * operation of each chain, and each completion starts the next operation right in its callback,
   * on the thread that completed it (for the driver, its I/O thread, which then sends the next
   * requests together with the ones it is writing anyway, as an asynchronous client does). An
   * operation that completes at once is followed in a loop, not recursively. Blocks the caller
   * until all completed.
   *
   * @param done counts completed operations, successful or not, as they complete
   * @param stall fail when no operation completes for this long
   * @throws BenchException when no operation completed for {@code stall}
   */
  static Outcome chained(
      int count,
      int concurrency,
      IntFunction<CompletionStage<?>> operation,
      AtomicLong done,
      Duration stall)
      throws InterruptedException {
    Chains chains = new Chains(count, operation, done);
    for (int lane = 0; lane < Math.min(concurrency, count); lane++) {
      chains.drive();
    }
    long seen = -1;
    while (!chains.finished.await(stall.toMillis(), TimeUnit.MILLISECONDS)) {
      long now = done.get();
      if (now == seen) {
        throw new BenchException(
            "no operation completed for " + stall.toSeconds() + " s (" + now + " done)", null);
      }
      seen = now;
    }
    return new Outcome(count - chains.errors.get(), chains.errors.get(), chains.firstError.get());
  }

  /** The shared state of {@link #chained}. */
  private static final class Chains {
    private final int count;
    private final IntFunction<CompletionStage<?>> operation;
    private final AtomicLong done;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final CountDownLatch finished;

    Chains(int count, IntFunction<CompletionStage<?>> operation, AtomicLong done) {
      this.count = count;
      this.operation = operation;
      this.done = done;
      this.finished = new CountDownLatch(count);
    }

    /** Starts operations until one is still running; its completion drives on. */
    void drive() {
      while (true) {
        int index = next.getAndIncrement();
        if (index >= count) {
          return;
        }
        CompletableFuture<?> stage;
        try {
          stage = operation.apply(index).toCompletableFuture();
        } catch (RuntimeException e) {
          completed(e);
          continue;
        }
        if (stage.isDone()) {
          completed(stage.isCompletedExceptionally() ? failure(stage) : null);
          continue;
        }
        stage.whenComplete(
            (ignored, error) -> {
              completed(error);
              drive();
            });
        return;
      }
    }

    private void completed(Throwable error) {
      if (error != null) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, error);
      }
      done.incrementAndGet();
      finished.countDown();
    }

    private static Throwable failure(CompletableFuture<?> stage) {
      try {
        stage.join();
        return null;
      } catch (RuntimeException e) {
        return e.getCause() == null ? e : e.getCause();
      }
    }
  }

  /**
   * Runs {@code count} operations, the calling thread starting each one as soon as one of the
   * {@code concurrency} permits is free; completions (on whatever thread) only count and release.
   *
   * @param done counts completed operations, successful or not, as they complete
   * @param stall fail when no operation completes for this long
   * @throws BenchException when no operation completed for {@code stall}
   */
  static Outcome run(
      int count,
      int concurrency,
      IntFunction<CompletionStage<?>> operation,
      AtomicLong done,
      Duration stall)
      throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    for (int i = 0; i < count; i++) {
      acquire(permits, 1, done, stall);
      CompletionStage<?> stage;
      try {
        stage = operation.apply(i);
      } catch (RuntimeException e) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, e);
        done.incrementAndGet();
        permits.release();
        continue;
      }
      stage.whenComplete(
          (ignored, error) -> {
            if (error != null) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, error);
            }
            done.incrementAndGet();
            permits.release();
          });
    }
    acquire(permits, concurrency, done, stall);
    return new Outcome(count - errors.get(), errors.get(), firstError.get());
  }

  /** Takes {@code wanted} permits, failing when nothing completes for {@code stall}. */
  private static void acquire(Semaphore permits, int wanted, AtomicLong done, Duration stall)
      throws InterruptedException {
    long seen = done.get();
    while (!permits.tryAcquire(wanted, stall.toMillis(), TimeUnit.MILLISECONDS)) {
      long now = done.get();
      if (now == seen) {
        throw new BenchException(
            "no operation completed for " + stall.toSeconds() + " s (" + now + " done)", null);
      }
      seen = now;
    }
  }

  /**
   * @param succeeded operations that completed normally
   * @param errors operations that failed
   * @param firstError the first failure, {@code null} when none
   */
  record Outcome(long succeeded, long errors, Throwable firstError) {}
}
