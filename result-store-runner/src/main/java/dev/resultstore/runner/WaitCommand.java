package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.nats.NatsConnections;
import dev.resultstore.nats.NatsResultWaiter;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class WaitCommand extends InvocationCommand {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = QueryCommand.DurationConverter.class,
      description = "How long to wait, a Go duration (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  String refusal() {
    return timeout.isNegative() ? "--timeout must not be negative" : null;
  }

  @Override
  int run(ResultStoreConfig loaded, StoreHandle store) throws Exception {
    Optional<ResultSummary> found = awaitResult(loaded, store);
    ResultStatus status =
        found.isPresent()
            ? ResultStatus.stored(found.get())
            : store.await(store.reader().status(invocationId));
    print(StatusOutput.json(invocationId, status));
    return StatusOutput.exitStatus(status);
  }

  private Optional<ResultSummary> awaitResult(ResultStoreConfig loaded, StoreHandle store)
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
