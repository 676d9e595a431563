package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.ResultStatus;
import picocli.CommandLine.Command;

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
final class StatusCommand extends InvocationCommand {
  @Override
  int run(ResultStoreConfig config, StoreHandle store) throws Exception {
    ResultStatus status = store.await(store.reader().status(invocationId));
    print(StatusOutput.json(invocationId, status));
    return StatusOutput.exitStatus(status);
  }
}
