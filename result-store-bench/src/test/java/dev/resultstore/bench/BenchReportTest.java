package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path directory;

  @Test
  void rates_are_items_per_second_of_each_step() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

    assertThat(report.ours().perSecond()).isEqualTo(5_000.0);
    assertThat(report.seed().perSecond()).isEqualTo(400.0);
    assertThat(report.ceilingBefore().perSecond()).isCloseTo(5_000.0, within(1e-3));
    assertThat(report.ceilingAfter().perSecond()).isCloseTo(6_000.0, within(1e-3));
  }

  @Test
  void the_ceiling_is_its_two_timings_together_and_their_ratio_is_the_drift() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

    // 400 000 rows in 40 s + 33.3 s
    assertThat(report.ceiling().perSecond()).isCloseTo(400_000 / (40 + 100 / 3.0), within(1e-3));
    assertThat(report.ceiling().items()).isEqualTo(400_000);
    assertThat(report.ceiling().complete()).isTrue();
    assertThat(report.ceilingDrift()).isCloseTo(1.2, within(1e-9));
    assertThat(BenchTable.format(report)).contains("ceiling 1", "ceiling 2", "2 / 1 = 1.20");
  }

  @Test
  void the_bound_with_nats_is_the_ceiling_s_cpu_per_result_over_it_plus_the_floor_s() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

    assertThat(report.ceilingBound(report.natsFloor()))
        .isCloseTo(boundWithFloorAt(30_000), within(1e-9));
    assertThat(BenchTable.format(report)).contains("nats floor", "ours / ceiling at best", "0.85");
    assertThat(report.toJson()).containsEntry("nats_floor_per_s", 30_000.0);
  }

  @Test
  void the_bound_at_ours_rate_adds_the_paced_floor_s_cpu_per_result_instead() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

    assertThat(report.ceilingBound(report.natsFloorPaced()))
        .isCloseTo(boundWithFloorAt(10_000), within(1e-9));
    assertThat(BenchTable.format(report)).contains("floor at ours", "at ours' rate", "0.65");
    assertThat(report.toJson()).containsEntry("nats_floor_paced_per_s", 10_000.0);
    @SuppressWarnings("unchecked")
    Map<String, Object> ratios = (Map<String, Object>) report.toJson().get("ratios");
    assertThat(ratios).containsEntry("ours_vs_ceiling_bound_with_nats_at_ours_rate", 0.647);
  }

  @Test
  void without_cpu_figures_there_is_no_bound_with_nats() {
    StepResult unmeasured = new StepResult(10, 10, SECOND, 0, Map.of());
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);
    BenchReport without =
        new BenchReport(
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
            unmeasured,
            unmeasured,
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
            report.goRow(),
            report.underLoad(),
            report.settings(),
            report.oursMarkersOff(),
            report.waits(),
            report.largeMix(),
            report.wideCeiling());

    assertThat(without.ceilingBound(without.natsFloor())).isNaN();
    assertThat(without.ceilingBound(without.natsFloorPaced())).isNaN();
  }

  @Test
  void the_cpu_per_lookup_of_each_way_is_in_the_json_and_the_table() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> lookups =
        (Map<String, Map<String, Object>>) report.toJson().get("lookups");
    assertThat(lookups.get("reader").get("cpu_us_per_lookup"))
        .isEqualTo(Map.of(CpuMeter.BENCH, 21.5, CpuMeter.CQL, 80.0));
    assertThat(lookups.get("raw_select").get("cpu_us_per_lookup"))
        .isEqualTo(Map.of(CpuMeter.BENCH, 12.0, CpuMeter.CQL, 75.5));
    assertThat(BenchTable.format(report))
        .contains("ResultReader 21.5 / 80.0 us, plain SELECT 12.0 / 75.5 us");
  }

  @Test
  void combined_timings_weight_each_one_s_cores_by_its_time() {
    StepResult slow = new StepResult(100, 100, 3 * SECOND, 0, Map.of(CpuMeter.CQL, 2.0));
    StepResult fast = new StepResult(100, 100, SECOND, 1, Map.of(CpuMeter.CQL, 1.0));

    StepResult both = StepResult.combined(slow, fast);

    assertThat(both.perSecond()).isEqualTo(50.0);
    assertThat(both.errors()).isEqualTo(1);
    assertThat(both.complete()).isFalse();
    assertThat(both.cpuCores().get(CpuMeter.CQL)).isCloseTo(1.75, within(1e-9));
  }

  @Test
  void ratios_compare_ours_with_the_ceiling_and_the_seed_and_the_p99s() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);

    assertThat(report.oursVsCeiling())
        .isCloseTo(5_000.0 / (400_000 / (40 + 100 / 3.0)), within(1e-9));
    assertThat(report.oursVsSeed()).isEqualTo(12.5);
    assertThat(report.lookupP99VsRaw()).isEqualTo(6.0 / 5.0);
  }

  @Test
  void per_core_rates_divide_by_the_cores_of_the_measured_processes_only() {
    StepResult step =
        new StepResult(
            10_000,
            10_000,
            2 * SECOND,
            0,
            Map.of(
                CpuMeter.BENCH, 0.5, CpuMeter.CQL, 1.2, CpuMeter.NATS, 0.3, CpuMeter.OTHER, 5.0));

    assertThat(step.perSecond()).isEqualTo(5_000.0);
    assertThat(step.perCoreSecond()).isCloseTo(2_500.0, within(1e-9));
    assertThat(step.cpuMicrosPerItem())
        .containsEntry(CpuMeter.BENCH, 100.0)
        .containsEntry(CpuMeter.CQL, 240.0)
        .containsEntry(CpuMeter.NATS, 60.0);
  }

  @Test
  void without_cpu_figures_there_is_no_per_core_rate() {
    assertThat(new StepResult(10, 10, SECOND, 0, Map.of()).perCoreSecond()).isZero();
  }

  @Test
  void the_json_has_the_keys_of_the_issue_with_rounded_values() throws Exception {
    BenchReport report = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);
    Path file = directory.resolve("nested").resolve("report.json");

    BenchCommand.write(report, file);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("events").asInt()).isEqualTo(200_000);
    assertThat(json.get("ours_per_s").asDouble()).isEqualTo(5_000.0);
    assertThat(json.get("seed_per_s").asDouble()).isEqualTo(400.0);
    assertThat(json.get("ceiling_per_s").asDouble()).isEqualTo(5_454.5);
    assertThat(json.get("ceiling_before_per_s").asDouble()).isEqualTo(5_000.0);
    assertThat(json.get("ceiling_after_per_s").asDouble()).isEqualTo(6_000.0);
    assertThat(json.get("store_direct_per_s").asDouble()).isEqualTo(5_200.0);
    assertThat(json.get("lookup_p99_ms").asDouble()).isEqualTo(6.0);
    assertThat(json.get("raw_lookup_p99_ms").asDouble()).isEqualTo(5.0);
    assertThat(json.get("peak_heap_mb").asDouble()).isEqualTo(96.0);
    assertThat(json.get("peak_heap_after_gc_mb").asDouble()).isEqualTo(40.5);
    assertThat(json.get("complete").asBoolean()).isTrue();
    JsonNode ratios = json.get("ratios");
    assertThat(ratios.get("ours_vs_ceiling").get("value").asDouble()).isEqualTo(0.917);
    assertThat(ratios.get("ours_vs_ceiling").get("met").asBoolean()).isTrue();
    assertThat(ratios.get("ours_vs_seed").get("value").asDouble()).isEqualTo(12.5);
    assertThat(ratios.get("lookup_p99_vs_raw_p99").get("value").asDouble()).isEqualTo(1.2);
    assertThat(ratios.get("lookup_p99_vs_raw_p99").get("met").asBoolean()).isTrue();
    assertThat(json.get("steps").get("seed").get("cpu_cores").get("cql_server").asDouble())
        .isEqualTo(1.5);
    assertThat(json.get("counts").get("ours_stored").asLong()).isEqualTo(199_990);
    assertThat(json.get("steps").get("ours").get("per_core_second").asDouble()).isEqualTo(2_272.7);
    assertThat(ratios.get("ours_vs_ceiling_per_core").asDouble()).isEqualTo(0.917);
    assertThat(ratios.get("ceiling_after_vs_before").asDouble()).isEqualTo(1.2);
    assertThat(json.get("counts").get("ceiling_written").asLong()).isEqualTo(200_000);
    assertThat(json.get("counts").get("ceiling_after_written").asLong()).isEqualTo(200_000);
  }

  @Test
  void a_missed_target_is_reported_as_not_met() {
    BenchReport report = report(step(100_000, 40 * SECOND), step(20_000, 10 * SECOND), 0);

    Map<String, Object> json = report.toJson();

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> ratios = (Map<String, Map<String, Object>>) json.get("ratios");
    assertThat(ratios.get("ours_vs_ceiling").get("met")).isEqualTo(false);
    assertThat(ratios.get("ours_vs_seed").get("value")).isEqualTo(1.25);
    assertThat(ratios.get("ours_vs_seed").get("met")).isEqualTo(false);
    assertThat(BenchTable.format(report)).contains("NOT met");
  }

  @Test
  void a_step_that_did_not_store_everything_makes_the_report_incomplete() {
    StepResult short1 = new StepResult(19_999, 20_000, 50 * SECOND, 1, Map.of());
    BenchReport report = report(step(200_000, 40 * SECOND), short1, 0);

    assertThat(report.complete()).isFalse();
    assertThat(report.toJson()).containsEntry("complete", false);
    assertThat(BenchTable.format(report))
        .contains("INCOMPLETE")
        .contains("(expected 20000, 1 errors)");
  }

  @Test
  void a_step_during_which_other_processes_took_cpu_is_reported_as_disturbed() {
    StepResult busy =
        new StepResult(
            200_000,
            200_000,
            40 * SECOND,
            0,
            Map.of(
                CpuMeter.BENCH, 0.3, CpuMeter.CQL, 1.0, CpuMeter.NATS, 0.2, CpuMeter.OTHER, 0.5));
    BenchReport quiet = report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0);
    BenchReport disturbed = report(busy, step(20_000, 50 * SECOND), 0);

    assertThat(quiet.disturbedSteps()).isEmpty();
    assertThat(BenchTable.format(quiet)).doesNotContain("DISTURBED");
    assertThat(disturbed.disturbedSteps()).containsExactly("ours");
    assertThat(disturbed.toJson()).containsEntry("disturbed_steps", List.of("ours"));
    assertThat(BenchTable.format(disturbed)).contains("DISTURBED", "during ours;");
  }

  @Test
  void lookups_during_which_other_processes_took_cpu_are_reported_as_disturbed() {
    BenchReport disturbed =
        report(
            step(200_000, 40 * SECOND),
            step(20_000, 50 * SECOND),
            0,
            Map.of(CpuMeter.BENCH, 0.4, CpuMeter.CQL, 1.1, CpuMeter.OTHER, 0.6));

    assertThat(disturbed.disturbedSteps()).containsExactly("lookups");
    assertThat(BenchTable.format(disturbed)).contains("DISTURBED", "during lookups;");
    @SuppressWarnings("unchecked")
    Map<String, Object> lookups = (Map<String, Object>) disturbed.toJson().get("lookups");
    assertThat(lookups.get("cpu_cores")).isEqualTo(disturbed.lookupCores());
  }

  @Test
  void lookup_misses_make_the_report_incomplete() {
    assertThat(report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 3).complete())
        .isFalse();
  }

  @Test
  void an_unmeasured_rate_gives_no_ratio_rather_than_infinity() {
    BenchReport report = report(step(200_000, 40 * SECOND), step(0, 0), 0);

    assertThat(report.oursVsSeed()).isNaN();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> ratios =
        (Map<String, Map<String, Object>>) report.toJson().get("ratios");
    assertThat(ratios.get("ours_vs_seed")).containsEntry("value", null).containsEntry("met", null);
  }

  @Test
  void the_table_lists_every_step_the_lookups_and_the_ratios() {
    String table =
        BenchTable.format(report(step(200_000, 40 * SECOND), step(20_000, 50 * SECOND), 0));

    assertThat(table)
        .contains("ceiling", "ours", "store direct", "seed")
        .contains("ResultReader", "plain SELECT")
        .contains("ours / ceiling", "0.92", ">= 0.85", "met")
        .contains("ours / seed", "12.50")
        .contains("1.50 / 0.30");
  }

  /**
   * The ceiling's CPU per result over it plus a floor's running at {@code floorPerSecond}: the same
   * cores (2.2) are used in every step of {@link #report}, whose ceiling is 400 000 rows in 40 s +
   * 33.3 s.
   */
  private static double boundWithFloorAt(double floorPerSecond) {
    double ceilingCost = 2.2 / (400_000 / (40 + 100 / 3.0));
    double floorCost = 2.2 / floorPerSecond;
    return ceilingCost / (ceilingCost + floorCost);
  }

  static StepResult step(long items, long nanos) {
    return new StepResult(
        items,
        items,
        nanos,
        0,
        Map.of(CpuMeter.BENCH, 0.4, CpuMeter.CQL, 1.5, CpuMeter.NATS, 0.3, CpuMeter.OTHER, 0.0));
  }

  static BenchReport report(StepResult ours, StepResult seed, long misses) {
    return report(ours, seed, misses, Map.of(CpuMeter.BENCH, 0.4, CpuMeter.OTHER, 0.02));
  }

  private static BenchReport report(
      StepResult ours, StepResult seed, long misses, Map<String, Double> lookupCores) {
    return report(
        ours, seed, misses, lookupCores, step(200_000, 200_000L * SECOND / 5_200), null, null);
  }

  /** A report with ours' markers-off step, the waits and the large mix as given. */
  static BenchReport report(
      StepResult ours,
      StepResult seed,
      long misses,
      Map<String, Double> lookupCores,
      StepResult oursMarkersOff,
      WaitsStep.Outcome waits,
      LargeMixReport largeMix) {
    return new BenchReport(
        "0badcafe",
        Instant.parse("2026-11-23T10:00:00Z"),
        Map.of("cpus", 2, "max_heap_mb", 512.0),
        200_000,
        1024,
        1_572_864,
        256,
        ours,
        new BenchReport.PipelineCounts(199_990, 10, 0, 0, 0, 0),
        seed,
        step(200_000, 200_000L * SECOND / 5_000),
        step(200_000, 200_000L * SECOND / 6_000),
        step(200_000, 200_000L * SECOND / 30_000),
        step(200_000, 200_000L * SECOND / 10_000),
        step(200_000, 200_000L * SECOND / 5_200),
        new Latencies.Summary(20_000, 1.0, 3.0, 6.0, 20.0, 1.5),
        new Latencies.Summary(20_000, 0.9, 2.5, 5.0, 18.0, 1.2),
        16,
        misses,
        Map.of(CpuMeter.BENCH, 21.5, CpuMeter.CQL, 80.0),
        Map.of(CpuMeter.BENCH, 12.0, CpuMeter.CQL, 75.5),
        lookupCores,
        96L * 1024 * 1024,
        (long) (40.5 * 1024 * 1024),
        Map.of("streams", List.of("BENCH_0BADCAFE_OURS"), "kept", false),
        goRow(),
        List.of(level(0.5, 2_500), level(0.9, 4_500)),
        Map.of("scylla.maxInFlightWrites", "256", "serverless.ackLinger", "5ms"),
        oursMarkersOff,
        waits,
        largeMix,
        wideCeiling());
  }

  /** 200 000 results at 4 000 per second, the CQL server using 1.8 cores: 450 us per result. */
  static StepResult wideCeiling() {
    return cqlStep(50, 0.5, 1.8);
  }

  /** 200 000 rows at 8 000 per second, the CQL server using 1.2 cores: 150 us per result. */
  static StepResult goRow() {
    return cqlStep(25, 0.3, 1.2);
  }

  /** 200 000 results written straight to CQL in {@code seconds}, no NATS, nothing else running. */
  private static StepResult cqlStep(long seconds, double benchCores, double cqlCores) {
    return new StepResult(
        200_000,
        200_000,
        seconds * SECOND,
        0,
        Map.of(
            CpuMeter.BENCH,
            benchCores,
            CpuMeter.CQL,
            cqlCores,
            CpuMeter.NATS,
            0.0,
            CpuMeter.OTHER,
            0.0));
  }

  static LoadLatency level(double load, double perSecond) {
    long events = (long) (perSecond * 10);
    return new LoadLatency(
        load,
        perSecond,
        new StepResult(
            events, events, 10 * SECOND, 0, Map.of(CpuMeter.CQL, 0.8, CpuMeter.OTHER, 0.0)),
        new Latencies.Summary((int) events, 3.0, 4.0, 12.5, 30.0, 3.5),
        new Latencies.Summary((int) events, 8.0, 9.0, 20.25, 40.0, 8.5),
        0.25);
  }
}
