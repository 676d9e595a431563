package dev.resultstore.bench;

import static dev.resultstore.bench.BenchReportTest.goRow;
import static dev.resultstore.bench.BenchReportTest.level;
import static dev.resultstore.bench.BenchReportTest.report;
import static dev.resultstore.bench.BenchReportTest.step;
import static dev.resultstore.bench.BenchReportTest.wideCeiling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's parts for the cost of a result: go row, CQL CPU per result, latency under load. */
class CostReportTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path directory;

  /** ours: 200 000 in 40 s with the CQL server at 1.5 cores (300 us); go row: 150 us. */
  private final BenchReport report =
      report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

  @Test
  void the_report_keeps_every_existing_key_and_adds_the_new_ones_after_them() throws Exception {
    JsonNode json = written(report);

    assertThat(names(json))
        .containsExactly(
            "run_id",
            "started_at",
            "complete",
            "disturbed_steps",
            "events",
            "body_bytes",
            "large_body_bytes",
            "concurrency",
            "seed_events",
            "ours_per_s",
            "seed_per_s",
            "ceiling_per_s",
            "ceiling_before_per_s",
            "ceiling_after_per_s",
            "store_direct_per_s",
            "nats_floor_per_s",
            "nats_floor_paced_per_s",
            "lookup_p50_ms",
            "lookup_p95_ms",
            "lookup_p99_ms",
            "raw_lookup_p50_ms",
            "raw_lookup_p95_ms",
            "raw_lookup_p99_ms",
            "peak_heap_mb",
            "peak_heap_after_gc_mb",
            "go_row_per_s",
            "ours_markers_off_per_s",
            "wide_ceiling_per_s",
            "ratios",
            "steps",
            "counts",
            "lookups",
            "waits",
            "large_mix",
            "environment",
            "resources",
            "cost",
            "latency_under_load",
            "settings");
    assertThat(names(json.get("ratios")))
        .containsExactly(
            "ours_vs_ceiling",
            "ours_vs_seed",
            "lookup_p99_vs_raw_p99",
            "ours_vs_ceiling_per_core",
            "ceiling_after_vs_before",
            "ours_vs_ceiling_bound_with_nats",
            "ours_vs_ceiling_bound_with_nats_at_ours_rate",
            "ours_vs_ours_markers_off",
            "expiry_marker_cost_share",
            "expiry_marker_cql_server_cost_share");
    assertThat(json.get("ratios").get("ours_vs_ceiling").get("target").asText())
        .isEqualTo(">= 0.85");
    assertThat(names(json.get("steps")))
        .endsWith("seed", "go_row", "ours_markers_off", "wide_ceiling");
    assertThat(json.get("wide_ceiling_per_s").asDouble()).isEqualTo(4_000.0);
    assertThat(json.get("counts").get("wide_ceiling_written").asLong()).isEqualTo(200_000);
    assertThat(json.get("steps").get("go_row").get("cpu_us_per_item").get("cql_server").asDouble())
        .isEqualTo(150.0);
    assertThat(json.get("go_row_per_s").asDouble()).isEqualTo(8_000.0);
    assertThat(json.get("counts").get("go_row_written").asLong()).isEqualTo(200_000);
  }

  @Test
  void the_cost_block_has_the_cql_cpu_per_result_of_every_step_and_the_ratios_with_targets()
      throws Exception {
    JsonNode cost = written(report).get("cost");

    JsonNode micros = cost.get("cql_cpu_us_per_result");
    assertThat(names(micros))
        .containsExactly(
            "ceiling_before",
            "ours",
            "ceiling_after",
            "ceiling",
            "go_row",
            "wide_ceiling",
            "store_direct",
            "seed",
            "ours_at_50_percent",
            "ours_at_90_percent");
    assertThat(micros.get("ours").asDouble()).isEqualTo(300.0);
    assertThat(micros.get("go_row").asDouble()).isEqualTo(150.0);
    assertThat(micros.get("ours_at_50_percent").asDouble()).isEqualTo(320.0);
    JsonNode ratios = cost.get("ratios");
    assertThat(names(ratios))
        .containsExactly(
            "ours_cql_cpu_vs_go_row", "ours_vs_ceiling", "ours_vs_wide_ceiling", "ours_vs_seed");
    assertThat(ratios.get("ours_cql_cpu_vs_go_row").get("value").asDouble()).isEqualTo(2.0);
    assertThat(ratios.get("ours_cql_cpu_vs_go_row").get("target").asText()).isEqualTo("<= 1.3");
    assertThat(ratios.get("ours_cql_cpu_vs_go_row").get("met").asBoolean()).isFalse();
    assertThat(ratios.get("ours_vs_ceiling").get("value").asDouble()).isEqualTo(0.917);
    assertThat(ratios.get("ours_vs_ceiling").get("target").asText()).isEqualTo(">= 1.8");
    assertThat(ratios.get("ours_vs_ceiling").get("met").asBoolean()).isFalse();
    assertThat(micros.get("wide_ceiling").asDouble()).isEqualTo(450.0);
    assertThat(ratios.get("ours_vs_wide_ceiling").get("value").asDouble()).isEqualTo(1.25);
    assertThat(ratios.get("ours_vs_wide_ceiling").get("target").asText()).isEqualTo(">= 1.8");
    assertThat(ratios.get("ours_vs_wide_ceiling").get("met").asBoolean()).isFalse();
    assertThat(ratios.get("ours_vs_seed").get("value").asDouble()).isEqualTo(12.5);
    assertThat(ratios.get("ours_vs_seed").get("target").asText()).isEqualTo(">= 10.0");
    assertThat(ratios.get("ours_vs_seed").get("met").asBoolean()).isTrue();
    assertThat(ratios.get("ours_vs_seed").get("target_events").asInt()).isEqualTo(200_000);
  }

  @Test
  void each_load_reports_its_rates_and_the_stored_and_acked_percentiles() throws Exception {
    JsonNode levels = written(report).get("latency_under_load");

    assertThat(levels).hasSize(2);
    JsonNode half = levels.get(0);
    assertThat(names(half))
        .containsExactly(
            "load",
            "target_per_s",
            "per_s",
            "events",
            "settled",
            "complete",
            "publisher_behind_max_ms",
            "stored",
            "acked",
            "cpu_cores",
            "cpu_us_per_item");
    assertThat(half.get("load").asDouble()).isEqualTo(0.5);
    assertThat(half.get("target_per_s").asDouble()).isEqualTo(2_500.0);
    assertThat(half.get("per_s").asDouble()).isEqualTo(2_500.0);
    assertThat(half.get("complete").asBoolean()).isTrue();
    assertThat(names(half.get("stored")))
        .containsExactly("count", "p50_ms", "p99_ms", "max_ms", "mean_ms");
    assertThat(half.get("stored").get("p99_ms").asDouble()).isEqualTo(12.5);
    assertThat(half.get("acked").get("p50_ms").asDouble()).isEqualTo(8.0);
    assertThat(levels.get(1).get("load").asDouble()).isEqualTo(0.9);
  }

  @Test
  void the_settings_in_use_are_in_the_report() throws Exception {
    JsonNode settings = written(report).get("settings");

    assertThat(settings.get("serverless.ackLinger").asText()).isEqualTo("5ms");
    assertThat(settings.get("scylla.maxInFlightWrites").asText()).isEqualTo("256");
  }

  @Test
  void the_table_has_the_cql_cpu_per_result_the_cost_ratios_the_loads_and_the_settings() {
    String table = BenchTable.format(report);

    assertThat(table)
        .contains("CQL us/res")
        .containsPattern("go row +200000 +25\\.0 +8000 +5333 +150\\.0 ")
        .containsPattern("ours +200000 +40\\.0 +5000 +2273 +300\\.0 ")
        .containsPattern("ours CQL CPU / go row's +2\\.00 +<= 1\\.30 +NOT met")
        .containsPattern("ours / ceiling +0\\.92 +>= 1\\.80 +NOT met")
        .containsPattern("wide ceiling +200000 +50\\.0 +4000 +1739 +450\\.0 ")
        .containsPattern("ours / wide ceiling +1\\.25 +>= 1\\.80 +NOT met")
        .containsPattern("ours / seed +12\\.50 +>= 10\\.00 +met")
        .containsPattern("50% of ours +2500 +2500 +3\\.00 +12\\.50 +8\\.00 +20\\.25 +0\\.3")
        .contains("90% of ours")
        .contains("scylla.maxInFlightWrites=256", "serverless.ackLinger=5ms");
  }

  @Test
  void a_load_whose_results_were_not_all_seen_makes_the_report_incomplete() {
    LoadLatency missed =
        new LoadLatency(
            0.9,
            4_500,
            new StepResult(45_000, 45_000, 10 * SECOND, 0, Map.of()),
            new Latencies.Summary(44_000, 3.0, 4.0, 12.5, 30.0, 3.5),
            new Latencies.Summary(45_000, 8.0, 9.0, 20.25, 40.0, 8.5),
            0.25);
    BenchReport incomplete = withLoads(List.of(level(0.5, 2_500), missed), goRow(), wideCeiling());

    assertThat(missed.complete()).isFalse();
    assertThat(incomplete.complete()).isFalse();
    assertThat(BenchTable.format(incomplete))
        .contains("(expected 45000; 44000 stored, 45000 acked seen)", "INCOMPLETE");
  }

  @Test
  void a_go_row_step_disturbed_by_other_processes_is_named() {
    StepResult busy =
        new StepResult(
            200_000, 200_000, 25 * SECOND, 0, Map.of(CpuMeter.CQL, 1.2, CpuMeter.OTHER, 0.4));

    assertThat(withLoads(report.underLoad(), busy, wideCeiling()).disturbedSteps())
        .containsExactly("go row");
  }

  @Test
  void a_wide_ceiling_step_disturbed_by_other_processes_is_named_and_one_not_done_is_incomplete() {
    StepResult busy =
        new StepResult(
            200_000, 200_000, 50 * SECOND, 0, Map.of(CpuMeter.CQL, 1.8, CpuMeter.OTHER, 0.4));
    StepResult stopped = new StepResult(199_000, 200_000, 50 * SECOND, 0, Map.of());

    assertThat(withLoads(report.underLoad(), goRow(), busy).disturbedSteps())
        .containsExactly("wide ceiling");
    assertThat(report.complete()).isTrue();
    assertThat(withLoads(report.underLoad(), goRow(), stopped).complete()).isFalse();
  }

  private BenchReport withLoads(List<LoadLatency> loads, StepResult goRow, StepResult wideCeiling) {
    return new BenchReport(
        report.runId(),
        report.startedAt(),
        report.environment(),
        report.events(),
        report.bodyBytes(),
        report.largeBodyBytes(),
        report.concurrency(),
        report.ours(),
        report.oursCounts(),
        report.seed(),
        report.ceilingBefore(),
        report.ceilingAfter(),
        report.natsFloor(),
        report.natsFloorPaced(),
        report.direct(),
        report.reader(),
        report.raw(),
        report.lookupConcurrency(),
        report.lookupMisses(),
        report.readerCpuMicros(),
        report.rawCpuMicros(),
        report.lookupCores(),
        report.peakHeapBytes(),
        report.peakHeapAfterGcBytes(),
        report.resources(),
        goRow,
        loads,
        report.settings(),
        report.oursMarkersOff(),
        report.waits(),
        report.largeMix(),
        wideCeiling);
  }

  private JsonNode written(BenchReport written) throws Exception {
    Path file = directory.resolve("report.json");
    BenchCommand.write(written, file);
    return new ObjectMapper().readTree(Files.readString(file));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
