package dev.resultstore.runner;

import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.nats.NatsConnections;
import dev.resultstore.nats.NatsResultWaiter;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wait}: waits for one result to be stored, on the runners' commit notifications (NATS),
 * with the store's own periodic read when NATS cannot be reached.
 */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    description = {
      "Waits until the result of one invocation is stored, then prints its status as one JSON"
          + " object (as 'status' does); at the timeout prints why there is none.",
      "Exit status: 0 stored, 3 not stored within the timeout, 4 expired, 5 dead-lettered,"
          + " 1 error, 2 bad usage."
    })
final class WaitCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "INVOCATION_ID", description = "The invocation id, e.g. inv-5f0c….")
  String invocationId;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = QueryCommand.DurationConverter.class,
      description = "How long to wait, a Go duration (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    LogSetup.quiet();
    RunnerConfig loaded = config.load(main.environment());
    if (invocationId.isBlank()) {
      spec.commandLine().getErr().println("error: the invocation id must not be blank");
      return Main.USAGE;
    }
    if (timeout.isNegative()) {
      spec.commandLine().getErr().println("error: --timeout must not be negative");
      return Main.USAGE;
    }
    try (StoreHandle store = StoreHandle.open(loaded)) {
      Optional<ResultSummary> found = awaitResult(loaded, store);
      ResultStatus status =
          found.isPresent()
              ? ResultStatus.stored(found.get())
              : store.await(store.reader().status(invocationId));
      spec.commandLine().getOut().println(StatusOutput.json(invocationId, status));
      spec.commandLine().getOut().flush();
      return StatusOutput.exitStatus(status);
    }
  }

  private Optional<ResultSummary> awaitResult(RunnerConfig loaded, StoreHandle store)
      throws Exception {
    Connection nats;
    try {
      nats = NatsConnections.connect(loaded.nats(), "result-store wait");
    } catch (RuntimeException e) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: NATS unreachable ("
                  + Main.describe(e)
                  + "); waiting by reading the store every second");
      return store.await(store.reader().await(invocationId, timeout), timeout);
    }
    try (NatsResultWaiter waiter =
        NatsResultWaiter.builder(nats, store.reader())
            .subjectPrefix(loaded.nats().subjectPrefix())
            .start()) {
      ResultReader reader = waiter;
      return store.await(reader.await(invocationId, timeout), timeout);
    } finally {
      NatsConnections.close(nats);
    }
  }
}
