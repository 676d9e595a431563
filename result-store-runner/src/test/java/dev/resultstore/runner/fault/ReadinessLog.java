package dev.resultstore.runner.fault;

import dev.resultstore.runner.RunnerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Samples a runner's {@code /readyz} twice a second on a background thread, so that a scenario can
 * say when the runner reported itself not ready and when ready again.
 */
final class ReadinessLog implements AutoCloseable {
  /** One sample: {@code nanos} from {@link System#nanoTime()}, {@code status} 0 when no answer. */
  record Sample(long nanos, int status) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  ReadinessLog(RunnerProcess runner) {
    thread =
        new Thread(
            () -> {
              while (running) {
                int status = runner.status("/readyz");
                synchronized (samples) {
                  samples.add(new Sample(System.nanoTime(), status));
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "fault-readiness");
    thread.setDaemon(true);
    thread.start();
  }

  /** The first sample at or after {@code fromNanos} whose readiness is {@code ready}. */
  OptionalLong first(boolean ready, long fromNanos) {
    synchronized (samples) {
      for (Sample sample : samples) {
        if (sample.nanos() >= fromNanos && (sample.status() == 200) == ready) {
          return OptionalLong.of(sample.nanos());
        }
      }
    }
    return OptionalLong.empty();
  }

  /** Waits up to {@code timeout} for a sample after {@code fromNanos} with the readiness wanted. */
  OptionalLong await(boolean ready, long fromNanos, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalLong found = first(ready, fromNanos);
      if (found.isPresent()) {
        return found;
      }
      Thread.sleep(250);
    }
    return first(ready, fromNanos);
  }

  /** Samples between the two instants that were not ready, and all samples between them. */
  long[] notReadyOf(long fromNanos, long toNanos) {
    long notReady = 0;
    long all = 0;
    synchronized (samples) {
      for (Sample sample : samples) {
        if (sample.nanos() >= fromNanos && sample.nanos() <= toNanos) {
          all++;
          if (sample.status() != 200) {
            notReady++;
          }
        }
      }
    }
    return new long[] {notReady, all};
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
