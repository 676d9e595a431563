package dev.resultstore.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary of a {@link BenchReport}: one table of steps, lookups and ratios. */
final class BenchTable {
  private static final List<String> ROLES =
      List.of(CpuMeter.BENCH, CpuMeter.CQL, CpuMeter.NATS, CpuMeter.OTHER);

  private BenchTable() {}

  static String format(BenchReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        line(
            "result-store bench %s: %d events, %d-byte bodies (large: %d), %d in flight, %s cores",
            report.runId(),
            report.events(),
            report.bodyBytes(),
            report.largeBodyBytes(),
            report.concurrency(),
            report.environment().getOrDefault("cpus", "?")));
    out.append('\n');
    out.append(
        line(
            "%-13s %9s %9s %10s %11s %10s   %s",
            "step",
            "items",
            "seconds",
            "per second",
            "per core-s",
            "CQL us/res",
            "cores used: bench JVM / CQL server / NATS server / other"));
    step(out, "ceiling 1", report.ceilingBefore());
    step(out, "ours", report.ours());
    step(out, "ceiling 2", report.ceilingAfter());
    step(out, "ceiling", report.ceiling());
    step(out, "go row", report.goRow());
    step(out, "wide ceiling", report.wideCeiling());
    step(out, "nats floor", report.natsFloor());
    step(out, "floor at ours", report.natsFloorPaced());
    step(out, "store direct", report.direct());
    step(out, "seed", report.seed());
    step(out, "markers off", report.oursMarkersOff());
    out.append(
        line(
            "(ceiling: 1 and 2 together, timed before and after ours; 2 / 1 = %s)",
            decimal(report.ceilingDrift())));
    out.append(
        line(
            "(markers off: ours again, after the lookups, with expiryMarkerRetention 0s; marker"
                + " cost share %s of ours' CPU per result, %s of the CQL server's)",
            decimal(report.markerCostShare()), decimal(report.markerCqlCostShare())));
    out.append(
        line(
            "(wide ceiling: the ceiling's rows with the lookup rows as wide as before they were"
                + " slimmed, ten summary columns more; the three-statement ceiling of the cost"
                + " targets)"));
    out.append('\n');
    out.append(
        line(
            "%-13s %9s %9s %9s %9s   (%d lookups each, the two ways mixed, %d in flight)",
            "get by id",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            report.reader().count(),
            report.lookupConcurrency()));
    lookup(out, "ResultReader", report.reader());
    lookup(out, "plain SELECT", report.raw());
    if (!report.readerCpuMicros().isEmpty()) {
      out.append(
          line(
              "CPU per lookup (in turns of %d), bench JVM / CQL server: ResultReader %s us, plain"
                  + " SELECT %s us",
              LookupStep.BLOCK, cpu(report.readerCpuMicros()), cpu(report.rawCpuMicros())));
    }
    waits(out, report.waits());
    largeMix(out, report.largeMix());
    out.append('\n');
    out.append(
        line(
            "peak heap during ours: %.1f MiB sampled, %.1f MiB after GC (max heap %s MiB)",
            Rates.mebibytes(report.peakHeapBytes()),
            Rates.mebibytes(report.peakHeapAfterGcBytes()),
            report.environment().getOrDefault("max_heap_mb", "?")));
    out.append('\n');
    out.append(line("%-24s %8s %8s   %s", "ratio", "value", "target", ""));
    ratio(out, "ours / ceiling", report.oursVsCeiling(), ">=", BenchReport.OURS_VS_CEILING_TARGET);
    unbound(
        out,
        "ours / ceiling at best",
        report.ceilingBound(report.natsFloor()),
        "(any NATS consumer here: ceiling's CPU per result / (ceiling's + nats floor's))");
    unbound(
        out,
        "  at ours' rate",
        report.ceilingBound(report.natsFloorPaced()),
        "(the same with the floor paced at ours' rate: the CQL server sets the pace)");
    ratio(out, "ours / seed", report.oursVsSeed(), ">=", BenchReport.OURS_VS_SEED_TARGET);
    ratio(
        out, "lookup p99 / raw p99", report.lookupP99VsRaw(), "<=", BenchReport.LOOKUP_P99_TARGET);
    ratio(out, "marker cost share", report.markerCostShare(), "<=", BenchReport.MARKER_COST_TARGET);
    if (report.largeMix() != null && report.largeMix().objectStore() != null) {
      unbound(
          out,
          "objects / chunks per core",
          report.largeMix().objectsVsChunksPerCore(),
          "(large mix: results per core-second, object store over CQL chunks)");
    }
    unbound(
        out,
        "ours / ceiling per core",
        report.oursVsCeilingPerCore(),
        "(results per core-second of the measured processes, without \"other\")");
    CostTable.append(out, report);
    List<String> disturbed = report.disturbedSteps();
    if (!disturbed.isEmpty()) {
      out.append('\n');
      out.append(
          line(
              "DISTURBED: other processes used more than %.1f cores during %s; those rates and"
                  + " the ratios built on them are not comparable: run again on a quiet machine",
              BenchReport.DISTURBANCE_CORES, String.join(", ", disturbed)));
    }
    if (!report.complete()) {
      out.append('\n');
      out.append(
          line(
              "INCOMPLETE: a step did not store every event or lookups missed ids; see the"
                  + " counts in the JSON report"));
    }
    return out.toString();
  }

  private static void step(StringBuilder out, String name, StepResult step) {
    Map<String, Double> cores = step.cpuCores();
    StringBuilder cpu = new StringBuilder();
    for (String role : ROLES) {
      Double value = cores.get(role);
      cpu.append(cpu.length() == 0 ? "" : " / ")
          .append(value == null ? "?" : format("%.2f", value));
    }
    out.append(
        line(
            "%-13s %9d %9.1f %10.0f %11.0f %10s   %s%s",
            name,
            step.items(),
            step.seconds(),
            step.perSecond(),
            step.perCoreSecond(),
            oneDecimal(CostRatios.cqlMicros(step)),
            cpu,
            step.complete()
                ? ""
                : "  (expected " + step.expected() + ", " + step.errors() + " errors)"));
  }

  private static void waits(StringBuilder out, WaitsStep.Outcome waits) {
    if (waits == null) {
      return;
    }
    out.append('\n');
    Latencies.Summary latency = waits.latency();
    out.append(
        line(
            "%-13s %9s %9s %9s %9s   (%d waits held on one waiter, %d completed, %s"
                + " subscription(s), %d threads more)",
            "waits",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            waits.count(),
            waits.completed(),
            waits.subscriptions() < 0 ? "?" : Integer.toString(waits.subscriptions()),
            waits.threadsAdded()));
    if (latency != null) {
      lookup(out, "commit->done", latency);
    }
    step(out, "(stored by)", waits.pipeline());
  }

  private static void largeMix(StringBuilder out, LargeMixReport mix) {
    if (mix == null) {
      return;
    }
    out.append('\n');
    out.append(
        line(
            "%-13s %9s %9s %10s %11s %7s   %s",
            "large mix",
            "items",
            "seconds",
            "per second",
            "per core-s",
            "MiB/s",
            "cores used: bench JVM / CQL server / object store / other"));
    bodyPath(out, "CQL chunks", mix.cqlChunks());
    if (mix.objectStore() != null) {
      bodyPath(out, "object store", mix.objectStore());
    }
    long bytes = mix.bands().values().stream().mapToLong(LargeMixReport.BandCount::bytes).sum();
    StringBuilder bands = new StringBuilder();
    for (LargeMix.Band band : LargeMix.BANDS) {
      LargeMixReport.BandCount count = mix.bands().get(band.name());
      bands
          .append(bands.length() == 0 ? "" : ", ")
          .append(count == null ? 0 : count.results())
          .append(' ')
          .append(band.name());
    }
    out.append(
        line(
            "(%d results: %s; %.1f MiB of bodies; ResultSink.write, no NATS; at most %d writes"
                + " and %.0f MiB in flight; object threshold %d bytes)",
            mix.results(),
            bands,
            bytes / (double) LargeMix.MIB,
            mix.concurrency(),
            mix.maxInFlightBytes() / (double) LargeMix.MIB,
            mix.objectThresholdBytes()));
    StringBuilder perMib = new StringBuilder();
    perMib.append("CQL chunks ").append(perMebibyte(mix.cqlChunks()));
    if (mix.objectStore() != null) {
      perMib.append(", object store ").append(perMebibyte(mix.objectStore()));
    }
    out.append(
        line(
            "CPU per MiB of bodies, bench JVM / CQL server / object store: %s ms",
            perMib.toString()));
  }

  private static void bodyPath(StringBuilder out, String name, LargeMixStep.Outcome path) {
    StepResult step = path.step();
    Map<String, Double> cores = step.cpuCores();
    StringBuilder cpu = new StringBuilder();
    for (String role :
        List.of(CpuMeter.BENCH, CpuMeter.CQL, CpuMeter.OBJECT_STORE, CpuMeter.OTHER)) {
      Double value = cores.get(role);
      cpu.append(cpu.length() == 0 ? "" : " / ")
          .append(value == null ? "?" : format("%.2f", value));
    }
    out.append(
        line(
            "%-13s %9d %9.1f %10.1f %11.1f %7.1f   %s%s",
            name,
            step.items(),
            step.seconds(),
            step.perSecond(),
            step.perCoreSecond(),
            path.bytesPerSecond() / LargeMix.MIB,
            cpu,
            step.complete()
                ? ""
                : "  (expected " + step.expected() + ", " + step.errors() + " errors)"));
  }

  private static String perMebibyte(LargeMixStep.Outcome path) {
    Map<String, Double> millis = path.cpuMillisPerMebibyte();
    return format(
        "%.2f / %.2f / %s",
        millis.getOrDefault(CpuMeter.BENCH, Double.NaN),
        millis.getOrDefault(CpuMeter.CQL, Double.NaN),
        millis.containsKey(CpuMeter.OBJECT_STORE)
            ? format("%.2f", millis.get(CpuMeter.OBJECT_STORE))
            : "-");
  }

  private static String cpu(Map<String, Double> micros) {
    return format(
        "%.1f / %.1f",
        micros.getOrDefault(CpuMeter.BENCH, Double.NaN),
        micros.getOrDefault(CpuMeter.CQL, Double.NaN));
  }

  private static void lookup(StringBuilder out, String name, Latencies.Summary summary) {
    out.append(
        line(
            "%-13s %9.2f %9.2f %9.2f %9.2f",
            name, summary.p50Ms(), summary.p95Ms(), summary.p99Ms(), summary.maxMs()));
  }

  static void ratio(StringBuilder out, String name, double value, String comparison, double goal) {
    String verdict;
    if (Double.isNaN(value)) {
      verdict = "not measured";
    } else {
      boolean met = comparison.equals(">=") ? value >= goal : value <= goal;
      verdict = met ? "met" : "NOT met";
    }
    out.append(
        line(
            "%-24s %8s %8s   %s", name, decimal(value), comparison + " " + decimal(goal), verdict));
  }

  /** A ratio line without a target. */
  private static void unbound(StringBuilder out, String name, double value, String note) {
    out.append(line("%-24s %8s %8s   %s", name, decimal(value), "", note));
  }

  /** {@code value} with two decimals, or "-" when it was not measured. */
  static String decimal(double value) {
    return Double.isNaN(value) ? "-" : format("%.2f", value);
  }

  /** {@code value} with one decimal, or "-" when it was not measured. */
  static String oneDecimal(double value) {
    return Double.isNaN(value) ? "-" : format("%.1f", value);
  }

  static String line(String pattern, Object... values) {
    return format(pattern, values) + "\n";
  }

  static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
