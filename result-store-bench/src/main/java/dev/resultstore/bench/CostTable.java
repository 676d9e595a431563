package dev.resultstore.bench;

import static dev.resultstore.bench.BenchTable.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table's part for the cost of a result: the ratios of {@link CostRatios} with their targets,
 * ours' latencies under load ({@link LoadLatency}) and the settings that shape them.
 */
final class CostTable {
  private static final int WIDTH = 100;

  private CostTable() {}

  static void append(StringBuilder out, BenchReport report) {
    out.append('\n');
    out.append(
        line(
            "%-24s %8s %8s   %s",
            "cost of a result",
            "value",
            "target",
            "(CQL server's CPU per result: the CQL us/res column; go row is the floor)"));
    BenchTable.ratio(
        out,
        "ours CQL CPU / go row's",
        CostRatios.oursCqlCpuVsGoRow(report),
        "<=",
        CostRatios.CQL_CPU_VS_GO_ROW_TARGET);
    BenchTable.ratio(
        out, "ours / ceiling", report.oursVsCeiling(), ">=", CostRatios.OURS_VS_CEILING_TARGET);
    BenchTable.ratio(
        out,
        "ours / wide ceiling",
        report.oursVsWideCeiling(),
        ">=",
        CostRatios.OURS_VS_CEILING_TARGET);
    BenchTable.ratio(out, "ours / seed", report.oursVsSeed(), ">=", CostRatios.OURS_VS_SEED_TARGET);
    out.append(
        line(
            "(ours / seed: the target holds at %d events; this run had %d)",
            CostRatios.OURS_VS_SEED_EVENTS, report.events()));
    if (!report.underLoad().isEmpty()) {
      out.append('\n');
      out.append(
          line(
              "%-13s %9s %10s %12s %8s %12s %8s %9s",
              "under load",
              "target/s",
              "per second",
              "stored p50",
              "p99 ms",
              "acked p50",
              "p99 ms",
              "behind"));
      for (LoadLatency level : report.underLoad()) {
        out.append(
            line(
                "%-13s %9.0f %10.0f %12.2f %8.2f %12.2f %8.2f %9.1f%s",
                level.name(),
                level.targetPerSecond(),
                level.step().perSecond(),
                level.stored().p50Ms(),
                level.stored().p99Ms(),
                level.acked().p50Ms(),
                level.acked().p99Ms(),
                level.publisherBehindMs(),
                level.complete()
                    ? ""
                    : "  (expected "
                        + level.step().expected()
                        + "; "
                        + level.stored().count()
                        + " stored, "
                        + level.acked().count()
                        + " acked seen)"));
      }
      out.append(
          line(
              "(ms from the publisher's clock before each publish to the commit notification's"
                  + " committedAt, and to the ack as the NATS server routed it; behind: ms the paced"
                  + " publisher lagged its schedule at most)"));
    }
    settings(out, report.settings());
  }

  /** The settings that shape the cost and the latencies: every scylla.* key and every linger. */
  private static void settings(StringBuilder out, Map<String, String> settings) {
    List<String> shown = new ArrayList<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith("scylla.") || key.toLowerCase(Locale.ROOT).contains("linger")) {
            shown.add(key + "=" + value);
          }
        });
    if (shown.isEmpty()) {
      return;
    }
    StringBuilder row = new StringBuilder("settings:");
    for (String setting : shown) {
      if (row.length() + 1 + setting.length() > WIDTH) {
        out.append(row).append('\n');
        row = new StringBuilder("         ");
      }
      row.append(' ').append(setting);
    }
    out.append(row).append('\n');
  }
}
