package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code get}, {@code status}, {@code delete} and {@code wait} share: the {@code --config}
 * option and the {@code INVOCATION_ID} parameter, quiet logging, the configuration read, a blank id
 * refused, and a store opened for the command and closed after it.
 */
abstract class InvocationCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "INVOCATION_ID", description = "The invocation id, e.g. inv-5f0c….")
  String invocationId;

  @Override
  public final Integer call() throws Exception {
    LogSetup.quiet();
    ResultStoreConfig loaded = config.load(main.environment());
    String refused = invocationId.isBlank() ? "the invocation id must not be blank" : refusal();
    if (refused != null) {
      spec.commandLine().getErr().println("error: " + refused);
      return Main.USAGE;
    }
    try (StoreHandle store = StoreHandle.open(loaded)) {
      return run(loaded, store);
    }
  }

  /** Why the command's own options are refused (exit status 2), or {@code null}. */
  String refusal() {
    return null;
  }

  /** The command's work on the open store; returns the exit status. */
  abstract int run(ResultStoreConfig config, StoreHandle store) throws Exception;

  /** Prints {@code line} on stdout, flushed. */
  void print(String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }
}
