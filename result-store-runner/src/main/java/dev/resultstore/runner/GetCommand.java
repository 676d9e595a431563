package dev.resultstore.runner;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code get}: prints one stored result as a v1 event, body included. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the stored result of one invocation as one JSON object in the v1 event format"
          + " (the body as raw JSON, whole even when it was stored in chunks).",
      "Exit status: 0 found, 1 the store failed, 2 bad usage, 3 no such result."
    })
final class GetCommand implements Callable<Integer> {
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
      Optional<InvocationResult> result = store.await(store.reader().get(invocationId));
      if (result.isEmpty()) {
        spec.commandLine().getErr().println("no result is stored for invocation " + invocationId);
        return Main.NOT_FOUND;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(new String(ResultCodec.create().encode(result.get()), StandardCharsets.UTF_8));
      out.flush();
      return Main.OK;
    }
  }
}
