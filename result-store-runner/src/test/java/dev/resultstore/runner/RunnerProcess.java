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
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The real runner jar, started as a separate process the way operators start it, for the
 * integration tests; plus its one-shot commands.
 */
final class RunnerProcess implements AutoCloseable {
  /** The jar the build produced. */
  static final Path BUILT_JAR = Path.of("target", "result-store-runner.jar");

  private static final Object LOCK = new Object();
  private static Path jar;
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunnerProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Starts {@code run --config config}, with its output in {@code log}. */
  static RunnerProcess start(Path config, Path log, int httpPort) throws IOException {
    return start(config, log, httpPort, Map.of());
  }

  /** {@link #start(Path, Path, int)} with {@code environment} added (overrides of keys). */
  static RunnerProcess start(Path config, Path log, int httpPort, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command("run", "--config", config.toString()));
    cleanEnvironment(builder.environment());
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new RunnerProcess(builder.start(), log, httpPort);
  }

  /** A free loopback port. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs a one-shot command to completion. */
  static Result cli(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command(args));
    cleanEnvironment(builder.environment());
    builder.environment().putAll(environment);
    Path out = Files.createTempFile("runner-out", ".txt");
    Path err = Files.createTempFile("runner-err", ".txt");
    builder.redirectOutput(out.toFile());
    builder.redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the command " + List.of(args) + " did not finish in 120s");
    }
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /** {@link #cli(Map, String...)} without extra environment. */
  static Result cli(String... args) throws IOException, InterruptedException {
    return cli(Map.of(), args);
  }

  /** GET on the runner's HTTP port; status 0 when nothing answers. */
  HttpResponse<String> get(String path) throws InterruptedException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    }
  }

  /** The status of GET {@code path}, or 0 when nothing answers. */
  int status(String path) throws InterruptedException {
    HttpResponse<String> response = get(path);
    return response == null ? 0 : response.statusCode();
  }

  /** The value of an unlabelled sample in {@code /metrics}, or -1 when absent. */
  double metric(String name) throws InterruptedException {
    HttpResponse<String> response = get("/metrics");
    if (response == null) {
      return -1;
    }
    for (String line : response.body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return -1;
  }

  /** Everything the process logged so far. */
  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  boolean isAlive() {
    return process.isAlive();
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

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * A private copy of the built jar, taken once: a build of this module running at the same time
   * (the checkout is shared) may rewrite target/ while the processes of a test still start.
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
          if (check.getManifest() != null
              && check.getManifest().getMainAttributes().getValue("Main-Class") != null) {
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
    environment.keySet().removeIf(name -> name.startsWith(ConfigSource.ENV_PREFIX));
  }

  /** A finished command. */
  record Result(int status, String out, String err) {}
}
