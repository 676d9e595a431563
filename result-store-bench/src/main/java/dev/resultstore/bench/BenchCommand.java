package dev.resultstore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.GeneratedEvents;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: ingest against the Go loop and the CQL server's ceiling, and get-by-id latencies
 * against a plain {@code SELECT}, on the configured servers (see {@code docs/performance.md}). Exit
 * status: 0 when every step stored every event, 1 when one did not or a server failed, 2 for bad
 * usage.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks ingest and lookups against the configured NATS and CQL servers, in streams"
          + " BENCH_<id>_* and keyspaces bench_<id>_* of its own (deleted at the end, the"
          + " configured ones are never touched).",
      "Steps: publish N events (not timed); ceiling (the same rows straight to CQL with the"
          + " driver, no NATS); ours (the runner's pipeline, NATS to CQL); store direct"
          + " (CqlResultStore.write, no NATS); seed (the Go runtime's loop: fetch one, write it"
          + " synchronously, ack); get-by-id latencies through ResultReader and a plain SELECT."
          + " The ceiling is timed before and after ours, and the two are taken together."
          + " Then ours with no expiry markers, concurrent waits on results being stored, and a"
          + " large-body mix written with bodies in CQL chunks and in the configured object"
          + " store.",
      "Prints a table and the ratios; progress goes to stderr."
    })
public final class BenchCommand implements Callable<Integer> {
  private static final int OK = 0;
  private static final int INCOMPLETE = 1;
  private static final Duration STALL = Duration.ofSeconds(120);

  /** Turns the {@code --config} option into the source's and the store's settings. */
  @FunctionalInterface
  public interface TargetLoader {
    /**
     * Loads the configuration as the runner's other commands do.
     *
     * @param configFile the {@code --config} file; {@code null} when the option was not given (the
     *     runner then looks at {@code RESULT_STORE_CONFIG}, else uses its defaults)
     * @return the settings the bench derives its own streams and keyspaces from
     * @throws RuntimeException when the configuration is unusable (the runner's own exception, so
     *     its exit status applies)
     */
    Target load(Path configFile);
  }

  /**
   * The configured servers and settings: the bench uses their connections, credentials, TLS, bounds
   * and store settings, and replaces every name (stream, subject prefix, consumer, keyspace) with
   * its own.
   */
  public record Target(NatsSourceConfig nats, CqlStoreConfig cql, S3BodyStoreConfig objectStore) {
    /** NATS and CQL are required; {@code objectStore} is {@code null} when none is configured. */
    public Target {
      Objects.requireNonNull(nats, "nats");
      Objects.requireNonNull(cql, "cql");
    }

    /** Without an object store. */
    public Target(NatsSourceConfig nats, CqlStoreConfig cql) {
      this(nats, cql, null);
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The YAML configuration, as for run. Default: the file named by RESULT_STORE_CONFIG,"
              + " else built-in defaults.")
  Path config;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "200000",
      description = "Result events to publish and store. Default: ${DEFAULT-VALUE}.")
  int events;

  @Option(
      names = "--body-bytes",
      paramLabel = "B",
      defaultValue = "1024",
      description =
          "Body size of a succeeded result (5%% are failures without a body, one in 5000 has a"
              + " body over the inline limit). Default: ${DEFAULT-VALUE}.")
  int bodyBytes;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also write the results as JSON to FILE.")
  Path report;

  @Option(
      names = "--seed-events",
      paramLabel = "N",
      defaultValue = "20000",
      description =
          "Events for the seed loop, at most N (one at a time it is slow; its rate is steady"
              + " after a few hundred). Default: ${DEFAULT-VALUE}.")
  int seedEvents;

  @Option(
      names = "--lookups",
      paramLabel = "N",
      defaultValue = "100000",
      description =
          "Get-by-id lookups each way, in each of the two phases (latency, cost). Default:"
              + " ${DEFAULT-VALUE}.")
  int lookups;

  @Option(
      names = "--lookup-concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Lookups in flight. Default: ${DEFAULT-VALUE}.")
  int lookupConcurrency;

  @Option(
      names = "--waits",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Concurrent waits (NatsResultWaiter.await on one subscription) on results published"
              + " after they are held; 0 skips the step. Default: ${DEFAULT-VALUE}.")
  int waits;

  @Option(
      names = "--large-mix-events",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Results of the large-body mix (70%% up to 4 KiB, 20%% 64 KiB to 1 MiB, 10%% 2 to 8"
              + " MiB), written with ResultSink.write with bodies in CQL chunks and again with"
              + " the configured objectStore; 0 skips the step. Default: ${DEFAULT-VALUE}.")
  int largeMixEvents;

  @Option(
      names = "--nats-monitor",
      paramLabel = "URL",
      description =
          "The NATS server's HTTP monitor, to count the waiter's subscriptions. Default: port"
              + " 8222 of the first configured NATS server.")
  URI natsMonitor;

  @Option(
      names = "--keep",
      description =
          "Keep the bench's streams and keyspaces (to inspect them) instead of deleting them.")
  boolean keep;

  private final TargetLoader loader;

  /**
   * @param loader loads the configuration named by {@code --config}
   */
  public BenchCommand(TargetLoader loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /** Runs the bench; returns the exit status. */
  @Override
  public Integer call() throws Exception {
    range("--events", events, 1, 10_000_000);
    range("--body-bytes", bodyBytes, GeneratedEvents.MIN_BODY_BYTES, 4 * 1024 * 1024);
    range("--seed-events", seedEvents, 1, 10_000_000);
    range("--lookups", lookups, 1, 10_000_000);
    range("--lookup-concurrency", lookupConcurrency, 1, 10_000);
    range("--waits", waits, 0, 100_000);
    range("--large-mix-events", largeMixEvents, 0, 1_000_000);
    Target target = loader.load(config);
    BenchOptions options =
        new BenchOptions(
            events,
            bodyBytes,
            seedEvents,
            lookups,
            lookupConcurrency,
            keep,
            STALL,
            waits,
            largeMixEvents,
            natsMonitor != null ? natsMonitor : defaultMonitor(target.nats()));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long seed = new SplittableRandom().nextLong();
    BenchReport result =
        new Benchmark(target.nats(), target.cql(), target.objectStore(), options, err, seed).run();
    out.print(BenchTable.format(result));
    out.flush();
    if (report != null) {
      write(result, report);
      Progress.note(err, "report written to " + report);
    }
    return result.complete() ? OK : INCOMPLETE;
  }

  /** Port {@value BenchOptions#MONITOR_PORT} of the first configured NATS server. */
  static URI defaultMonitor(NatsSourceConfig nats) {
    InetSocketAddress server = Benchmark.natsAddress(nats.servers().get(0));
    return URI.create("http://" + server.getHostString() + ":" + BenchOptions.MONITOR_PORT);
  }

  static void write(BenchReport result, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result.toJson());
  }

  private void range(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '"
              + option
              + "': "
              + value
              + " is not from "
              + min
              + " to "
              + max);
    }
  }
}
