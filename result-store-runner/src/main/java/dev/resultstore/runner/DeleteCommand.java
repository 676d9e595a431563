package dev.resultstore.runner;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code delete}: deletes one result for good; needs {@code --yes}. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes the result of one invocation (row, body, lookups, expiry marker, dead-letter"
          + " record); a later copy of it is not stored again. Prints one JSON object.",
      "Exit status: 0 deleted, 3 nothing was stored (any later copy is still kept out), 1 error,"
          + " 2 bad usage (or --yes missing)."
    })
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "INVOCATION_ID", description = "The invocation id, e.g. inv-5f0c….")
  String invocationId;

  @Option(names = "--yes", description = "Confirms the deletion; nothing is deleted without it.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    LogSetup.quiet();
    RunnerConfig loaded = config.load(main.environment());
    if (invocationId.isBlank()) {
      spec.commandLine().getErr().println("error: the invocation id must not be blank");
      return Main.USAGE;
    }
    if (!yes) {
      spec.commandLine()
          .getErr()
          .println(
              "error: deleting "
                  + invocationId
                  + " cannot be undone; add --yes to confirm (see 'result-store-runner delete"
                  + " --help')");
      return Main.USAGE;
    }
    try (StoreHandle store = StoreHandle.open(loaded)) {
      boolean deleted = store.await(store.sink().delete(invocationId));
      spec.commandLine().getOut().println(StatusOutput.deleted(invocationId, deleted));
      spec.commandLine().getOut().flush();
      return deleted ? StatusOutput.FOUND : StatusOutput.NOT_YET;
    }
  }
}
