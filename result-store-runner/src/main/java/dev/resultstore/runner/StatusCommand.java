package dev.resultstore.runner;

import dev.resultstore.core.ResultStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: what is known of one invocation id, as one JSON object. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Prints what is known of one invocation as one JSON object: stored (with its summary),"
          + " expired, dead_lettered (with class and reason) or unknown.",
      "Exit status: 0 stored, 3 unknown (not stored yet), 4 expired, 5 dead-lettered, 1 error,"
          + " 2 bad usage."
    })
final class StatusCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "INVOCATION_ID", description = "The invocation id, e.g. inv-5f0c….")
  String invocationId;

  @Override
  public Integer call() throws Exception {
    LogSetup.quiet();
    RunnerConfig loaded = config.load(main.environment());
    if (invocationId.isBlank()) {
      spec.commandLine().getErr().println("error: the invocation id must not be blank");
      return Main.USAGE;
    }
    try (StoreHandle store = StoreHandle.open(loaded)) {
      ResultStatus status = store.await(store.reader().status(invocationId));
      spec.commandLine().getOut().println(StatusOutput.json(invocationId, status));
      spec.commandLine().getOut().flush();
      return StatusOutput.exitStatus(status);
    }
  }
}
