package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code run}: the long-running process. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Consumes result events from NATS JetStream and stores them in ScyllaDB/Cassandra until"
          + " SIGTERM or SIGINT, then drains (bounded by serverless.drainTimeout) and exits 0.",
      "Serves /healthz, /readyz and /metrics on http.host:http.port (default 0.0.0.0:8080)."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    ResultStoreConfig loaded = config.load(main.environment(), true);
    return new Runner(loaded).run();
  }
}
