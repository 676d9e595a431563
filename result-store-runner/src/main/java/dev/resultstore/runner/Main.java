package dev.resultstore.runner;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The runner's command line: {@code run}, {@code get}, {@code query}, {@code dlq list}, {@code dlq
 * replay} and {@code publish}. Exit status: 0 success, 1 failure at run time or nothing found, 2
 * bad usage or bad configuration.
 */
@Command(
    name = "result-store-runner",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Stores serverless invocation results from NATS JetStream in ScyllaDB/Cassandra.",
    subcommands = {
      RunCommand.class,
      GetCommand.class,
      QueryCommand.class,
      DlqCommand.class,
      PublishCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit status: success. */
  static final int OK = 0;

  /** Exit status: a failure at run time, or nothing found. */
  static final int FAILURE = 1;

  /** Exit status: bad usage or bad configuration. */
  static final int USAGE = 2;

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

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"result-store-runner " + (version == null ? "(development)" : version)};
    }
  }
}
