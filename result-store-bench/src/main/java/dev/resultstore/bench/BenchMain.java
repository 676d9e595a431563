package dev.resultstore.bench;

import dev.resultstore.config.ResultStoreConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * {@code java -jar result-store-bench.jar [options]}: the benchmark, reading the runner's
 * configuration file. Exit status: 0 every step stored every event, 1 one did not or a server
 * failed, 2 bad usage or bad configuration.
 */
public final class BenchMain {
  private static final int FAILURE = 1;
  private static final int USAGE = 2;

  private BenchMain() {}

  /** Runs the benchmark with {@code args} and exits with its status. */
  public static void main(String[] args) {
    System.exit(
        execute(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args));
  }

  /** Runs {@code args} with the given environment and streams; returns the exit status. */
  static int execute(
      Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine =
        new CommandLine(new BenchCommand(file -> target(file, environment)))
            .setCommandName("result-store-bench");
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parsed) -> {
          failed.getErr().println("error: " + message(exception));
          return exception instanceof UnusableConfiguration ? USAGE : FAILURE;
        });
    return commandLine.execute(args);
  }

  private static BenchCommand.Target target(Path file, Map<String, String> environment) {
    ResultStoreConfig settings;
    try {
      settings = ResultStoreConfig.load(file, environment);
    } catch (RuntimeException e) {
      throw new UnusableConfiguration(e);
    }
    return new BenchCommand.Target(
        settings.nats(), settings.cql(), settings.objectStore().orElse(null));
  }

  /** The message of the first cause that is not a wrapper. */
  private static String message(Throwable exception) {
    Throwable cause = exception;
    while ((cause instanceof CompletionException
            || cause instanceof ExecutionException
            || cause instanceof UnusableConfiguration)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** The runner's configuration loading refused the file. */
  private static final class UnusableConfiguration extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableConfiguration(RuntimeException cause) {
      super(cause);
    }
  }
}
