package dev.resultstore.runner;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a long command is ({@code dlq replay}, {@code publish --generate}) on stderr: on a
 * terminal one line rewritten in place ({@code \r}) at most every {@code terminalEvery}; in a log
 * or a pipe a plain line at most every {@code plainEvery}, so a log gets a few readable lines
 * rather than thousands. {@link #finish()} ends with the totals. Not thread-safe: call it from the
 * thread doing the work.
 */
final class ProgressLine {
  private static final Duration TERMINAL_EVERY = Duration.ofMillis(200);
  private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final long everyNanos;
  private final long start;
  private long lastShown;
  private long done;

  /**
   * @param total the number of items expected; 0 when unknown
   * @param terminal whether {@code err} is a terminal (rewrite one line) or a log (plain lines)
   * @param nanoTime the clock, {@link System#nanoTime} outside tests
   */
  ProgressLine(PrintWriter err, String label, long total, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.everyNanos = (terminal ? TERMINAL_EVERY : PLAIN_EVERY).toNanos();
    this.start = nanoTime.getAsLong();
    this.lastShown = start;
  }

  /** A progress line on the process's stderr; in place when stderr is a terminal. */
  static ProgressLine onStderr(PrintWriter err, String label, long total) {
    return new ProgressLine(err, label, total, System.console() != null, System::nanoTime);
  }

  /** Counts {@code items} more done, and shows the line when it is due. */
  void advance(long items) {
    done += items;
    long now = nanoTime.getAsLong();
    if (now - lastShown >= everyNanos) {
      lastShown = now;
      show(now, false);
    }
  }

  /** Shows the final line (always, with the totals); on a terminal ends the rewritten line. */
  void finish() {
    show(nanoTime.getAsLong(), true);
  }

  private void show(long now, boolean last) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    StringBuilder line = new StringBuilder(label).append(": ").append(done);
    if (total > 0) {
      line.append('/').append(total).append(" (").append(done * 100 / total).append("%)");
    }
    line.append(String.format(Locale.ROOT, ", %.0f/s, %.1fs", done / seconds, seconds));
    if (terminal) {
      err.print('\r' + line.toString() + "\u001b[K");
      if (last) {
        err.println();
      }
    } else {
      err.println(line);
    }
    err.flush();
  }
}
