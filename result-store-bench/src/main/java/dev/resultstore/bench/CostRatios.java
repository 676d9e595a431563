package dev.resultstore.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a result costs the CQL server, step by step, and the ratios and targets of the cost issue
 * (ingest at the cost of one row): ours' CQL-server CPU per result against the go row's (the floor
 * of storing a result at all), ours' rate against the three-statement ceiling (the wide ceiling:
 * the lookup rows as wide as when the issue was written; and the ceiling, which replays today's
 * slim rows), and against the seed at scale. The JSON block {@code cost} of the report.
 */
final class CostRatios {
  /** ours' CQL-server CPU per result ≤ 1.3 × the go row's. */
  static final double CQL_CPU_VS_GO_ROW_TARGET = 1.3;

  /** ours ≥ 1.8 × the three-statement ceiling. */
  static final double OURS_VS_CEILING_TARGET = 1.8;

  /** ours ≥ 10 × seed, at {@value #OURS_VS_SEED_EVENTS} events. */
  static final double OURS_VS_SEED_TARGET = 10.0;

  static final int OURS_VS_SEED_EVENTS = 200_000;

  private CostRatios() {}

  /** The CQL server's CPU time per item of {@code step} in microseconds; NaN when not measured. */
  static double cqlMicros(StepResult step) {
    Double cores = step.cpuCores().get(CpuMeter.CQL);
    double rate = step.perSecond();
    return cores == null || rate <= 0 ? Double.NaN : cores / rate * 1e6;
  }

  /** ours' CQL-server CPU per result over the go row's. */
  static double oursCqlCpuVsGoRow(BenchReport report) {
    return Rates.ratio(cqlMicros(report.ours()), cqlMicros(report.goRow()));
  }

  static Map<String, Object> toJson(BenchReport report) {
    Map<String, Object> micros = new LinkedHashMap<>();
    micros.put("ceiling_before", cql(report.ceilingBefore()));
    micros.put("ours", cql(report.ours()));
    micros.put("ceiling_after", cql(report.ceilingAfter()));
    micros.put("ceiling", cql(report.ceiling()));
    micros.put("go_row", cql(report.goRow()));
    micros.put("wide_ceiling", cql(report.wideCeiling()));
    micros.put("store_direct", cql(report.direct()));
    micros.put("seed", cql(report.seed()));
    for (LoadLatency level : report.underLoad()) {
      micros.put("ours_at_" + Math.round(level.load() * 100) + "_percent", cql(level.step()));
    }
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put(
        "ours_cql_cpu_vs_go_row",
        BenchReport.target(oursCqlCpuVsGoRow(report), "<=", CQL_CPU_VS_GO_ROW_TARGET));
    ratios.put(
        "ours_vs_ceiling",
        BenchReport.target(report.oursVsCeiling(), ">=", OURS_VS_CEILING_TARGET));
    ratios.put(
        "ours_vs_wide_ceiling",
        BenchReport.target(report.oursVsWideCeiling(), ">=", OURS_VS_CEILING_TARGET));
    Map<String, Object> seed = BenchReport.target(report.oursVsSeed(), ">=", OURS_VS_SEED_TARGET);
    seed.put("target_events", OURS_VS_SEED_EVENTS);
    ratios.put("ours_vs_seed", seed);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cql_cpu_us_per_result", micros);
    json.put("ratios", ratios);
    return json;
  }

  private static Double cql(StepResult step) {
    return BenchReport.number(cqlMicros(step), 1);
  }
}
