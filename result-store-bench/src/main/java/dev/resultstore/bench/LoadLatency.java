package dev.resultstore.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * End-to-end latency of ours at one load: results published at a fixed rate (a fraction of ours'
 * maximum rate), from the publisher's clock right before each publish to the result stored (the
 * commit notification's {@code committedAt}) and to its ack (as the NATS server routed it).
 *
 * @param load the fraction of ours' maximum rate aimed at, e.g. 0.5
 * @param targetPerSecond the rate the publisher was paced at
 * @param step what the pipeline stored, from the first publish until every result was settled and
 *     acknowledged, with the CPU used meanwhile
 * @param stored publish to stored, one latency per commit notification received
 * @param acked publish to acked, one latency per ack seen
 * @param publisherBehindMs how far the publisher fell behind its schedule at most: well above a few
 *     milliseconds, the rate aimed at was not offered
 */
record LoadLatency(
    double load,
    double targetPerSecond,
    StepResult step,
    Latencies.Summary stored,
    Latencies.Summary acked,
    double publisherBehindMs) {

  /** Every result stored and acknowledged, and a latency seen for each one both ways. */
  boolean complete() {
    return step.complete() && stored.count() >= step.expected() && acked.count() >= step.expected();
  }

  /** The step's name in tables and progress lines, e.g. {@code 50% of ours}. */
  String name() {
    return name(load);
  }

  static String name(double load) {
    return Math.round(load * 100) + "% of ours";
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("load", load);
    json.put("target_per_s", BenchReport.number(targetPerSecond, 1));
    json.put("per_s", BenchReport.number(step.perSecond(), 1));
    json.put("events", step.expected());
    json.put("settled", step.items());
    json.put("complete", complete());
    json.put("publisher_behind_max_ms", BenchReport.number(publisherBehindMs, 3));
    json.put("stored", latencies(stored));
    json.put("acked", latencies(acked));
    json.put("cpu_cores", new LinkedHashMap<>(step.cpuCores()));
    json.put("cpu_us_per_item", step.cpuMicrosPerItem());
    return json;
  }

  private static Map<String, Object> latencies(Latencies.Summary summary) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("count", summary.count());
    json.put("p50_ms", BenchReport.number(summary.p50Ms(), 3));
    json.put("p99_ms", BenchReport.number(summary.p99Ms(), 3));
    json.put("max_ms", BenchReport.number(summary.maxMs(), 3));
    json.put("mean_ms", BenchReport.number(summary.meanMs(), 3));
    return json;
  }
}
