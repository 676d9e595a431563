package dev.resultstore.nats;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads a source owns: a small worker pool and one timer, all daemon threads. */
final class Threads {
  private Threads() {}

  /**
   * {@code max(2, CPUs)} workers. The queue is bounded: every held message has at most one task
   * queued at a time, and at most {@code maxInFlight} messages are held.
   */
  static ExecutorService workers(int maxInFlight) {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(maxInFlight + 64),
        named("nats-result-worker-"));
  }

  /** One timer thread for keep-alives, outage probes and dead-letter retries. */
  static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, named("nats-result-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Shuts {@code executor} down when the source owns it, waiting briefly for running tasks. */
  static void shutdown(Executor executor, boolean owned) {
    if (!owned || !(executor instanceof ExecutorService service)) {
      return;
    }
    service.shutdown();
    try {
      if (!service.awaitTermination(2, TimeUnit.SECONDS)) {
        service.shutdownNow();
      }
    } catch (InterruptedException e) {
      service.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Daemon threads named {@code prefix} and a number. */
  static ThreadFactory daemon(String prefix) {
    return named(prefix);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
