package dev.resultstore.core.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server process of a test's own, with JetStream, on a free loopback port and its own store
 * directory, so the test can stop and restart it without touching the shared server. Needs the
 * {@code nats-server} binary on the PATH (or in /usr/sbin, /usr/bin, /usr/local/bin).
 */
public final class NatsServerProcess implements AutoCloseable {
  private final Path binary;
  private final int port;
  private final Path storeDirectory;
  private final Path log;
  private final List<String> extraArguments;
  private Process process;

  private NatsServerProcess(Path storeDirectory, List<String> extraArguments) throws IOException {
    this.binary = findBinary();
    this.port = freePort();
    this.storeDirectory = storeDirectory;
    this.log = storeDirectory.resolve("nats-server.log");
    this.extraArguments = List.copyOf(extraArguments);
  }

  /** Starts a server; {@code extraArguments} are added to its command line (e.g. auth). */
  public static NatsServerProcess launch(String... extraArguments)
      throws IOException, InterruptedException {
    NatsServerProcess server =
        new NatsServerProcess(Files.createTempDirectory("nats-it-"), List.of(extraArguments));
    server.start();
    return server;
  }

  /** {@code nats://127.0.0.1:<port>}. */
  public String url() {
    return url("127.0.0.1");
  }

  /** The URL with {@code host} (which must resolve to the loopback address). */
  public String url(String host) {
    return "nats://" + host + ":" + port;
  }

  /** Starts the server (again) on the same port and store directory; waits until it accepts. */
  public void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--jetstream",
            "--addr",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--store_dir",
            storeDirectory.toString(),
            "--server_name",
            "it-" + port));
    command.addAll(extraArguments);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "nats-server did not start on port " + port + "; its log:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  /** Stops the server as an orderly shutdown does (SIGTERM) and waits for it to exit. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
    deleteQuietly(storeDirectory.toFile());
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path findBinary() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String directory : path.split(File.pathSeparator)) {
        candidates.add(Path.of(directory, "nats-server"));
      }
    }
    candidates.addAll(
        List.of(
            Path.of("/usr/sbin/nats-server"),
            Path.of("/usr/bin/nats-server"),
            Path.of("/usr/local/bin/nats-server")));
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "This test starts a nats-server of its own, but no nats-server binary is on the PATH or in"
            + " /usr/sbin, /usr/bin or /usr/local/bin. Install it (scripts/services.sh start does).");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) {
        deleteQuietly(child);
      }
    }
    if (!file.delete()) {
      file.deleteOnExit();
    }
  }
}
