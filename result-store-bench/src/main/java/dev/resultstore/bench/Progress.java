package dev.resultstore.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One progress line every few seconds while a step runs: items done, the rate since the last line
 * and since the start, and the heap in use. Lines go to the given writer (stderr), never stdout.
 */
final class Progress implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final LongSupplier done;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService timer;
  private long lastDone;
  private long lastNanos = start;

  private Progress(PrintWriter err, String label, long total, LongSupplier done, Duration every) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.done = done;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bench-progress");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(
        this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts reporting {@code done} out of {@code total} every {@code every}. */
  static Progress start(
      PrintWriter err, String label, long total, LongSupplier done, Duration every) {
    err.printf(Locale.ROOT, "%s %s: started, %d to do%n", prefix(), label, total);
    err.flush();
    return new Progress(err, label, total, done, every);
  }

  /** Prints a free-form line with the bench's prefix. */
  static void note(PrintWriter err, String message) {
    err.println(prefix() + " " + message);
    err.flush();
  }

  /** {@code [bench HH:MM:SS]}, the wall-clock time to match the lines with other tools' output. */
  private static String prefix() {
    return "[bench " + TIME.format(LocalTime.now(ZoneOffset.UTC)) + "]";
  }

  private synchronized void report() {
    long now = System.nanoTime();
    long current = done.getAsLong();
    double recent = Rates.perSecond(current - lastDone, now - lastNanos);
    double overall = Rates.perSecond(current, now - start);
    lastDone = current;
    lastNanos = now;
    err.printf(
        Locale.ROOT,
        "%s %s: %d/%d (%.0f%%), %.0f/s now, %.0f/s overall, heap %.0f MiB%n",
        prefix(),
        label,
        current,
        total,
        total == 0 ? 100.0 : 100.0 * current / total,
        recent,
        overall,
        MEMORY.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0));
    err.flush();
  }

  /** Stops reporting and prints the final count and overall rate. */
  @Override
  public void close() {
    timer.shutdownNow();
    synchronized (this) {
      long current = done.getAsLong();
      err.printf(
          Locale.ROOT,
          "%s %s: done, %d in %.1f s, %.0f/s%n",
          prefix(),
          label,
          current,
          (System.nanoTime() - start) / 1e9,
          Rates.perSecond(current, System.nanoTime() - start));
      err.flush();
    }
  }
}
