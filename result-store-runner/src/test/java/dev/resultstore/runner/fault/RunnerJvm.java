package dev.resultstore.runner.fault;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real runner jar in its own JVM, started as operators start it ({@code java -jar
 * result-store-runner.jar run --config FILE}), so that a scenario can kill it with SIGKILL.
 */
final class RunnerJvm implements AutoCloseable {
  /** The shaded jar that {@code mvn package} builds before the integration tests run. */
  static final Path JAR = Path.of("target", "result-store-runner.jar");

  private static final Object COPY_LOCK = new Object();
  private static Path copy;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path config;
  private final Process process;
  private final Path log;
  private final int httpPort;

  private RunnerJvm(String name, Path config, Process process, Path log, int httpPort) {
    this.name = name;
    this.config = config;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** The runner's heap unless a scenario asks for another. */
  static final String DEFAULT_HEAP = "384m";

  /** Starts {@code run --config config}; stdout and stderr are appended to {@code log}. */
  static RunnerJvm start(String name, Path config, Path log, int httpPort) throws IOException {
    return start(name, config, log, httpPort, DEFAULT_HEAP);
  }

  /** {@link #start(String, Path, Path, int)} with a heap of {@code heap} ({@code -Xmx}). */
  static RunnerJvm start(String name, Path config, Path log, int httpPort, String heap)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(List.of("-jar", privateJar().toString()));
    command.addAll(List.of("run", "--config", config.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    // only the scenario's file configures the runner, not the developer's environment
    builder.environment().keySet().removeIf(variable -> variable.startsWith("RESULT_STORE_"));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new RunnerJvm(name, config, builder.start(), log, httpPort);
  }

  /**
   * A copy of the jar for this test JVM: a build that rewrites {@code target/} while a scenario
   * runs must not pull classes from under a running runner.
   */
  static Path privateJar() throws IOException {
    synchronized (COPY_LOCK) {
      if (copy == null) {
        if (!Files.isRegularFile(JAR)) {
          throw new IllegalStateException(
              "no runner jar at "
                  + JAR.toAbsolutePath()
                  + "; run mvn package in result-store-runner");
        }
        Path directory = Files.createDirectories(Path.of("target", "fault-logs"));
        Path target =
            directory.resolve("result-store-runner-" + ProcessHandle.current().pid() + ".jar");
        Files.copy(JAR, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(target.toFile())) {
          if (zip.getEntry("dev/resultstore/runner/Main.class") == null) {
            throw new IllegalStateException(JAR + " has no runner classes");
          }
        }
        target.toFile().deleteOnExit();
        copy = target.toAbsolutePath();
      }
      return copy;
    }
  }

  /** A finished one-shot command of the runner. */
  record Result(int status, String out, String err) {}

  /** Runs a one-shot command ({@code get}, {@code dlq list}, ...) of the jar to completion. */
  static Result command(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(List.of("-jar", privateJar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(variable -> variable.startsWith("RESULT_STORE_"));
    Path out = Files.createTempFile("fault-command", ".out");
    Path err = Files.createTempFile("fault-command", ".err");
    builder.redirectOutput(out.toFile());
    builder.redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the command " + List.of(args) + " did not finish within 2 minutes");
    }
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** A free loopback port for the runner's HTTP endpoints. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The name the scenario gave this runner. */
  String name() {
    return name;
  }

  /** The configuration file it runs with. */
  Path config() {
    return config;
  }

  /** The operating system's process id. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status; the process must have exited. */
  int exitValue() {
    return process.exitValue();
  }

  /** The status of {@code GET path}, or 0 when nothing answers. */
  int status(String path) {
    HttpResponse<String> response = get(path);
    return response == null ? 0 : response.statusCode();
  }

  /** {@code /readyz} answers 200. */
  boolean ready() {
    return status("/readyz") == 200;
  }

  /** The value of an unlabelled sample of {@code /metrics}; -1 when absent or unreachable. */
  double metric(String sample) {
    HttpResponse<String> response = get("/metrics");
    if (response == null) {
      return -1;
    }
    for (String line : response.body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return -1;
  }

  /** Everything the process wrote so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  String logTail(int lines) {
    String[] all = log().split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", List.of(all).subList(from, all.length));
  }

  /** SIGKILL: a crash, nothing is drained or flushed. Waits until the process is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 30s");
    }
  }

  /** Waits for the process to exit on its own; true when it did within {@code timeout}. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGTERM, then SIGKILL after a minute. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
