package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.internal.SetupReport;
import dev.resultstore.cql.CqlSetupCheck;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSetupCheck;
import dev.resultstore.nats.NatsSourceConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code check}: lints the configuration and, with {@code --connect}, looks at both services. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the configuration: every key and value, as the run command would read them, and"
          + " names the keys it does not know.",
      "With --connect it also reaches NATS (the stream and the durable consumer as configured)"
          + " and CQL (the nodes, the keyspace, tables and columns), changes nothing, and prints"
          + " what it found.",
      "Exit status: 0 usable, 1 a service does not answer (retry later), 2 bad configuration or"
          + " unknown keys, 4 a service answers but is not usable as configured (fix it first)."
    })
final class CheckCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--connect",
      description = "Also reach NATS and CQL and check the stream, consumer and schema.")
  boolean connect;

  @Override
  public Integer call() {
    LogSetup.quiet();
    PrintWriter out = spec.commandLine().getOut();
    ResultStoreConfig checked = config.loadQuietly(main.environment());
    NatsSourceConfig natsConfig = checked.nats();
    CqlStoreConfig cqlConfig = checked.cql();
    if (!checked.unknownKeys().isEmpty() || !checked.unknownVariables().isEmpty()) {
      checked.unknownKeys().forEach(key -> out.println("unknown key: " + key));
      checked
          .unknownVariables()
          .forEach(variable -> out.println("unknown variable: " + variable + " names no key"));
      out.println(
          "configuration "
              + checked.origin()
              + ": "
              + (checked.unknownKeys().size() + checked.unknownVariables().size())
              + " unknown key(s); remove them or fix their spelling (docs/configuration.md lists"
              + " every key)");
      out.flush();
      return Main.USAGE;
    }
    out.println("configuration " + checked.origin() + ": valid");
    if (!connect) {
      out.flush();
      return Main.OK;
    }
    int status = Main.OK;
    status = worse(status, report(out, "NATS", () -> NatsSetupCheck.run(natsConfig)));
    status = worse(status, report(out, "CQL", () -> CqlSetupCheck.run(cqlConfig)));
    out.println(
        switch (status) {
          case Main.OK -> "usable: the runner can start with this configuration";
          case Main.FAILURE -> "not reachable: a service does not answer (retry later)";
          default -> "not usable as configured: fix the problems above first";
        });
    out.flush();
    return status;
  }

  /** Prints one service's findings; returns its exit status. */
  private static int report(PrintWriter out, String service, Supplier<SetupReport> check) {
    SetupReport report;
    try {
      report = check.get();
    } catch (ResultStoreException e) {
      out.println(
          (e.isTransient() ? "unreachable: " : "problem: ") + service + ": " + e.getMessage());
      return e.isTransient() ? Main.FAILURE : Main.MISCONFIGURED;
    }
    report.found().forEach(out::println);
    report.problems().forEach(problem -> out.println("problem: " + problem));
    return report.usable() ? Main.OK : Main.MISCONFIGURED;
  }

  /** The status that needs more attention: a fix (4) over a wait (1) over nothing (0). */
  private static int worse(int one, int other) {
    return Math.max(one, other);
  }
}
