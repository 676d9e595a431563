package dev.resultstore.runner.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured outcome of one scenario run: counts and durations, printed and appended as one line
 * to {@code target/fault-results.txt} (which {@code scripts/fault-suite.sh} prints at the end).
 * Only numbers that were measured go in.
 */
final class Report {
  /**
   * Where every scenario appends its line: {@code -Dresultstore.fault.results}, by default this.
   */
  static final Path FILE =
      Path.of(System.getProperty("resultstore.fault.results", "target/fault-results.txt"));

  private final String scenario;
  private final long startNanos = System.nanoTime();
  private final Map<String, String> values = new LinkedHashMap<>();

  Report(String scenario) {
    this.scenario = scenario;
  }

  /** Adds or replaces a value. */
  Report put(String key, Object value) {
    values.put(key, String.valueOf(value));
    return this;
  }

  /** Adds a duration in seconds with one decimal. */
  Report seconds(String key, Duration duration) {
    return put(key, String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0));
  }

  /** Seconds since the report was created. */
  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Prints the line and appends it to {@link #FILE}, with the outcome. */
  void finish(String outcome) {
    seconds("total", elapsed());
    StringBuilder line = new StringBuilder();
    line.append(Instant.now()).append(' ').append(scenario).append(' ').append(outcome);
    values.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
    System.out.println("FAULT-RESULT " + line);
    try {
      Files.createDirectories(FILE.toAbsolutePath().getParent());
      Files.writeString(
          FILE,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("cannot append to " + FILE + ": " + e);
    }
  }
}
