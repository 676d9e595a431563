package dev.resultstore.runner;

import dev.resultstore.config.ConfigException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The runner's command line: {@code run}, {@code check}, {@code get}, {@code wait}, {@code status},
 * {@code delete}, {@code query}, {@code dlq list}, {@code dlq replay}, {@code publish} and {@code
 * generate-completion}. Exit status: 0 success, 1 failure at run time, 2 bad usage or bad
 * configuration, 3 not found (or not yet known); {@code check} also 4 a service not usable as
 * configured; {@code wait}, {@code status} and {@code delete} also 4 expired, 5 dead-lettered
 * ({@link StatusOutput}).
 */
@Command(
    name = "result-store-runner",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Stores serverless invocation results from NATS JetStream in ScyllaDB/Cassandra.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      GetCommand.class,
      WaitCommand.class,
      StatusCommand.class,
      DeleteCommand.class,
      QueryCommand.class,
      DlqCommand.class,
      PublishCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Main implements Runnable {
  /** Exit status: success. */
  static final int OK = 0;

  /** Exit status: a failure at run time, e.g. a service that does not answer. */
  static final int FAILURE = 1;

  /** Exit status: bad usage or bad configuration. */
  static final int USAGE = 2;

  /** Exit status: what was asked for does not exist (no such result, no matching dead letter). */
  static final int NOT_FOUND = 3;

  /** Exit status: a service answers but is not usable as configured ({@code check --connect}). */
  static final int MISCONFIGURED = 4;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  Main(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Runs the command line {@code args} and exits with its status. */
  public static void main(String[] args) {
    int status =
        execute(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args);
    System.exit(status);
  }

  /** Runs {@code args} with the given environment and streams; returns the exit status. */
  static int execute(
      Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main(environment));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(Main::usageError);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parsed) -> {
          if (exception instanceof ConfigException) {
            failed.getErr().println("error: " + exception.getMessage());
            return USAGE;
          }
          if (exception instanceof ParameterException parameterException) {
            return usageError(parameterException, args);
          }
          failed.getErr().println("error: " + describe(exception));
          return FAILURE;
        });
    return commandLine.execute(args);
  }

  /** The environment the commands read overrides from. */
  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** One line naming what is wrong and where help is; status 2. */
  private static int usageError(ParameterException exception, String[] args) {
    CommandLine failed = exception.getCommandLine();
    String message = exception.getMessage();
    if (message != null && message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    failed
        .getErr()
        .println(
            "error: "
                + message
                + " (see '"
                + failed.getCommandSpec().qualifiedName()
                + " --help')");
    return USAGE;
  }

  static String describe(Throwable exception) {
    Throwable cause = exception;
    while (cause.getCause() != null
        && (cause.getMessage() == null
            || cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /** The version and the commit the jar was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.current();
      return new String[] {
        "result-store-runner " + build.version() + " (commit " + build.commit() + ")"
      };
    }
  }
}
