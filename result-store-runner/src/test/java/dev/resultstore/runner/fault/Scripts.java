package dev.resultstore.runner.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's service scripts ({@code scripts/cassandra-cluster.sh}, {@code
 * scripts/nats-instance.sh}, {@code scripts/tls.sh}) for the scenarios that start, stop or kill
 * servers of their own. Never the shared servers of {@code scripts/services.sh}.
 */
public final class Scripts {
  private Scripts() {}

  /** The repository's {@code scripts} directory (searched upwards from the working directory). */
  public static Path directory() {
    Path current = Path.of("").toAbsolutePath();
    while (current != null) {
      Path candidate = current.resolve("scripts");
      if (Files.isRegularFile(candidate.resolve("services.sh"))) {
        return candidate;
      }
      current = current.getParent();
    }
    throw new IllegalStateException("no scripts/services.sh above " + Path.of("").toAbsolutePath());
  }

  /** Runs {@code scripts/<script> args...}; returns its stdout; fails on a non-zero status. */
  public static String run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(directory().resolve(script).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Path err = Files.createTempFile("fault-script", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within 10 minutes");
    }
    String errors = Files.readString(err, StandardCharsets.UTF_8);
    Files.deleteIfExists(err);
    System.out.print(errors.replaceAll("(?m)^", "  | "));
    if (process.exitValue() != 0) {
      throw new AssertionError(
          command + " failed with status " + process.exitValue() + ":\n" + errors);
    }
    return new String(out, StandardCharsets.UTF_8).trim();
  }
}
