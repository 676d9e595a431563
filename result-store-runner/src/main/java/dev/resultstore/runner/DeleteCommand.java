package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class DeleteCommand extends InvocationCommand {
  @Option(names = "--yes", description = "Confirms the deletion; nothing is deleted without it.")
  boolean yes;

  @Override
  String refusal() {
    return yes
        ? null
        : "deleting "
            + invocationId
            + " cannot be undone; add --yes to confirm (see 'result-store-runner delete --help')";
  }

  @Override
  int run(ResultStoreConfig config, StoreHandle store) throws Exception {
    boolean deleted = store.await(store.sink().delete(invocationId));
    print(StatusOutput.deleted(invocationId, deleted));
    return deleted ? StatusOutput.FOUND : StatusOutput.NOT_YET;
  }
}
