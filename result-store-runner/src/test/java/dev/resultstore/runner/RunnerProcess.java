package dev.resultstore.runner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The real runner jar in a JVM of its own, started as operators start it ({@code java -jar
 * result-store-runner.jar run --config FILE}), for the integration tests and the fault scenarios
 * (which kill it with SIGKILL); plus its one-shot commands.
 */
public final class RunnerProcess implements AutoCloseable {
  /** The jar the build produced. */
  static final Path BUILT_JAR = Path.of("target", "result-store-runner.jar");

  /** The runner's heap unless a test asks for another. */
  public static final String DEFAULT_HEAP = "384m";

  private static final List<String> COMMAND_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Object LOCK = new Object();
  private static Path jar;

  private final String name;
  private final Path config;
  private final Process process;
  private final Path log;
  private final int httpPort;

  private RunnerProcess(String name, Path config, Process process, Path log, int httpPort) {
    this.name = name;
    this.config = config;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts {@code run --config config} with {@code environment} added (overrides of keys); stdout
   * and stderr are appended to {@code log}.
   */
  public static RunnerProcess start(
      String name, Path config, Path log, int httpPort, Map<String, String> environment)
      throws IOException {
    return start(name, config, log, httpPort, environment, DEFAULT_HEAP);
  }

  /**
   * {@link #start(String, Path, Path, int, Map)} with a heap of {@code heap} ({@code -Xmx}); the
   * runner exits on running out of it.
   */
  public static RunnerProcess start(
      String name,
      Path config,
      Path log,
      int httpPort,
      Map<String, String> environment,
      String heap)
      throws IOException {
    List<String> options =
        List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xshare:auto");
    ProcessBuilder builder =
        new ProcessBuilder(command(options, "run", "--config", config.toAbsolutePath().toString()));
    cleanEnvironment(builder.environment());
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new RunnerProcess(name, config, builder.start(), log, httpPort);
  }

  /** {@link #start(String, Path, Path, int, Map)} without extra environment. */
  public static RunnerProcess start(String name, Path config, Path log, int httpPort)
      throws IOException {
    return start(name, config, log, httpPort, Map.of());
  }

  /** {@link #start(String, Path, Path, int, Map)} named {@code runner}. */
  static RunnerProcess start(Path config, Path log, int httpPort) throws IOException {
    return start("runner", config, log, httpPort, Map.of());
  }

  /** {@link #start(Path, Path, int)} with {@code environment} added (overrides of keys). */
  static RunnerProcess start(Path config, Path log, int httpPort, Map<String, String> environment)
      throws IOException {
    return start("runner", config, log, httpPort, environment);
  }

  /** A free loopback port. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs a one-shot command ({@code get}, {@code dlq list}, ...) to completion. */
  public static Result cli(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command(COMMAND_OPTIONS, args));
    cleanEnvironment(builder.environment());
    builder.environment().putAll(environment);
    Path out = Files.createTempFile("runner-out", ".txt");
    Path err = Files.createTempFile("runner-err", ".txt");
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

  /** {@link #cli(Map, String...)} without extra environment. */
  public static Result cli(String... args) throws IOException, InterruptedException {
    return cli(Map.of(), args);
  }

  /** The name the test gave this runner. */
  public String name() {
    return name;
  }

  /** The configuration file it runs with. */
  public Path config() {
    return config;
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status; the process must have exited. */
  public int exitValue() {
    return process.exitValue();
  }

  /** GET on the runner's HTTP port; {@code null} when nothing answers. */
  HttpResponse<String> get(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(10))
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

  /** The status of {@code GET path}, or 0 when nothing answers. */
  public int status(String path) {
    HttpResponse<String> response = get(path);
    return response == null ? 0 : response.statusCode();
  }

  /** {@code /readyz} answers 200. */
  public boolean ready() {
    return status("/readyz") == 200;
  }

  /** The value of an unlabelled sample of {@code /metrics}; -1 when absent or unreachable. */
  public double metric(String sample) {
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

  /**
   * The samples of a metric with one label, by that label's value (e.g. {@code
   * result_store_pull_status_total} by {@code code}); empty when absent or unreachable.
   */
  public Map<String, Double> metricByLabel(String name, String label) {
    HttpResponse<String> response = get("/metrics");
    Map<String, Double> values = new TreeMap<>();
    if (response == null) {
      return values;
    }
    String start = name + "{" + label + "=\"";
    for (String line : response.body().split("\n")) {
      if (line.startsWith(start)) {
        int end = line.indexOf('"', start.length());
        int space = line.lastIndexOf(' ');
        values.put(
            line.substring(start.length(), end), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return values;
  }

  /** Everything the process wrote so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    String[] all = log().split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", List.of(all).subList(from, all.length));
  }

  /** Sends SIGTERM and waits for the exit; returns the exit status. */
  int terminate(Duration wait) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the runner did not exit within " + wait + " of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: a crash, nothing is drained or flushed. Waits until the process is gone. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 30s");
    }
  }

  /** Waits for the process to exit on its own; true when it did within {@code timeout}. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
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

  private static List<String> command(List<String> options, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * A private copy of the built jar, taken once: a build of this module running at the same time
   * may rewrite target/ while the processes of a test still start.
   */
  private static Path jar() {
    synchronized (LOCK) {
      if (jar == null) {
        jar = snapshot();
      }
      return jar;
    }
  }

  private static Path snapshot() {
    IOException last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      try {
        Path copy = Files.createTempFile("result-store-runner-it", ".jar");
        copy.toFile().deleteOnExit();
        Files.copy(BUILT_JAR, copy, StandardCopyOption.REPLACE_EXISTING);
        try (JarFile check = new JarFile(copy.toFile())) {
          if (check.getEntry("dev/resultstore/runner/Main.class") != null) {
            return copy;
          }
        }
      } catch (IOException e) {
        last = e;
      }
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no usable runner jar at " + BUILT_JAR.toAbsolutePath(), last);
  }

  /** Removes inherited overrides so that only the test's configuration applies. */
  private static void cleanEnvironment(Map<String, String> environment) {
    environment.keySet().removeIf(variable -> variable.startsWith("RESULT_STORE_"));
  }

  /**
   * A finished command.
   *
   * @param status its exit status
   */
  public record Result(int status, String out, String err) {}
}
