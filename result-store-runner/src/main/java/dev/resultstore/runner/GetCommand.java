package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code get}: prints one stored result as a v1 event, body included. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the stored result of one invocation as one JSON object in the v1 event format"
          + " (the body as raw JSON, whole even when it was stored in chunks).",
      "Exit status: 0 found, 1 the store failed, 2 bad usage, 3 no such result."
    })
final class GetCommand extends InvocationCommand {
  @Override
  int run(ResultStoreConfig config, StoreHandle store) throws Exception {
    Optional<InvocationResult> result = store.await(store.reader().get(invocationId));
    if (result.isEmpty()) {
      spec.commandLine().getErr().println("no result is stored for invocation " + invocationId);
      return Main.NOT_FOUND;
    }
    print(new String(ResultCodec.create().encode(result.get()), StandardCharsets.UTF_8));
    return Main.OK;
  }
}
