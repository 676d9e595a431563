package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's keys and table lines of "ours, markers off", "waits" and the large mix. */
class BenchReportAdditionsTest {
  private static final long SECOND = 1_000_000_000L;

  private static StepResult step(long items, long nanos, double cql, double objects) {
    return new StepResult(
        items,
        items,
        nanos,
        0,
        Map.of(
            CpuMeter.BENCH,
            0.4,
            CpuMeter.CQL,
            cql,
            CpuMeter.NATS,
            0.3,
            CpuMeter.OBJECT_STORE,
            objects,
            CpuMeter.OTHER,
            0.0));
  }

  private static BenchReport report(
      StepResult ours, StepResult markersOff, WaitsStep.Outcome waits, LargeMixReport mix) {
    return BenchReportTest.report(
        ours,
        step(20_000, 20 * SECOND, 1.0, 0),
        0,
        Map.of(CpuMeter.BENCH, 0.4, CpuMeter.OTHER, 0.02),
        markersOff,
        waits,
        mix);
  }

  @Test
  void the_markers_cost_share_is_the_cpu_per_result_they_add() {
    // on: 10 000/s on 2.2 cores; off: 10 000/s on 2.0 cores: markers are 0.2 / 2.2 of the cost
    StepResult on = step(100_000, 10 * SECOND, 1.5, 0);
    StepResult off = step(100_000, 10 * SECOND, 1.3, 0);

    BenchReport report = report(on, off, null, null);

    assertThat(report.markerCostShare()).isCloseTo(0.2 / 2.2, within(1e-9));
    assertThat(report.markerCqlCostShare()).isCloseTo(0.2 / 1.5, within(1e-9));
    Map<String, Object> json = report.toJson();
    assertThat(json).containsEntry("ours_markers_off_per_s", 10_000.0);
    @SuppressWarnings("unchecked")
    Map<String, Object> ratios = (Map<String, Object>) json.get("ratios");
    assertThat(ratios).containsEntry("ours_vs_ours_markers_off", 1.0);
    assertThat(ratios).containsEntry("expiry_marker_cql_server_cost_share", 0.133);
    @SuppressWarnings("unchecked")
    Map<String, Object> share = (Map<String, Object>) ratios.get("expiry_marker_cost_share");
    assertThat(share).containsEntry("value", 0.091).containsEntry("met", true);
    @SuppressWarnings("unchecked")
    Map<String, Object> steps = (Map<String, Object>) json.get("steps");
    assertThat(steps).containsKey("ours_markers_off");
    @SuppressWarnings("unchecked")
    Map<String, Object> counts = (Map<String, Object>) json.get("counts");
    assertThat(counts).containsEntry("ours_markers_off_stored", 100_000L);
    assertThat(json.get("waits")).isNull();
    assertThat(json.get("large_mix")).isNull();
    assertThat(BenchTable.format(report)).contains("markers off", "marker cost share");
  }

  @Test
  void the_existing_keys_keep_their_values() {
    StepResult on = step(100_000, 10 * SECOND, 1.5, 0);

    Map<String, Object> json = report(on, step(100_000, 5 * SECOND, 1.3, 0), null, null).toJson();

    assertThat(json).containsEntry("ours_per_s", 10_000.0).containsKey("ceiling_per_s");
    @SuppressWarnings("unchecked")
    Map<String, Object> ratios = (Map<String, Object>) json.get("ratios");
    assertThat(ratios).containsKeys("ours_vs_ceiling", "ours_vs_seed", "lookup_p99_vs_raw_p99");
  }

  @Test
  void the_waits_are_reported_with_their_percentiles_and_subscriptions() {
    StepResult on = step(100_000, 10 * SECOND, 1.5, 0);
    WaitsStep.Outcome waits =
        new WaitsStep.Outcome(
            1_000,
            1_000,
            1,
            2,
            new Latencies.Summary(1_000, 3.5, 8.0, 12.25, 40.0, 4.0),
            step(1_000, SECOND, 1.0, 0));

    BenchReport report = report(on, on, waits, null);

    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) report.toJson().get("waits");
    assertThat(json)
        .containsEntry("count", 1_000)
        .containsEntry("completed", 1_000L)
        .containsEntry("subscriptions", 1)
        .containsEntry("threads_added", 2)
        .containsEntry("p50_ms", 3.5)
        .containsEntry("p99_ms", 12.25)
        .containsEntry("max_ms", 40.0);
    assertThat(report.complete()).isTrue();
    assertThat(BenchTable.format(report)).contains("commit->done", "1 subscription(s)");
  }

  @Test
  void waits_through_two_subscriptions_or_not_all_completed_make_the_run_incomplete() {
    StepResult on = step(100_000, 10 * SECOND, 1.5, 0);
    Latencies.Summary latency = new Latencies.Summary(10, 1, 1, 1, 1, 1);

    assertThat(report(on, on, new WaitsStep.Outcome(10, 10, 2, 0, latency, on), null).complete())
        .isFalse();
    assertThat(report(on, on, new WaitsStep.Outcome(10, 9, 1, 0, latency, on), null).complete())
        .isFalse();
  }

  @Test
  void the_large_mix_reports_each_path_per_core_second_and_per_mebibyte() {
    StepResult on = step(100_000, 10 * SECOND, 1.5, 0);
    long bytes = 100L * LargeMix.MIB;
    LargeMixStep.Outcome chunks = new LargeMixStep.Outcome(step(200, 10 * SECOND, 1.5, 0), bytes);
    LargeMixStep.Outcome objects = new LargeMixStep.Outcome(step(200, 5 * SECOND, 0.5, 0.6), bytes);
    LargeMixReport mix =
        new LargeMixReport(
            Map.of("small", new LargeMixReport.BandCount(140, 300_000)),
            256,
            64L * LargeMix.MIB,
            LargeMix.MIB,
            chunks,
            objects);

    BenchReport report = report(on, on, null, mix);

    // chunks: 20/s on 2.2 cores; objects: 40/s on 1.8 cores
    assertThat(mix.objectsVsChunksPerCore()).isCloseTo((40 / 1.8) / (20 / 2.2), within(1e-9));
    assertThat(mix.objectsVsChunksPerSecond()).isCloseTo(2.0, within(1e-9));
    // CQL server: 1.5 cores x 10 s / 100 MiB = 150 ms per MiB; 0.5 x 5 / 100 = 25 ms per MiB
    assertThat(chunks.cpuMillisPerMebibyte()).containsEntry(CpuMeter.CQL, 150.0);
    assertThat(objects.cpuMillisPerMebibyte()).containsEntry(CpuMeter.CQL, 25.0);
    assertThat(mix.cqlServerCpuPerMebibyteObjectsVsChunks()).isCloseTo(25 / 150.0, within(1e-9));
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) report.toJson().get("large_mix");
    assertThat(json)
        .containsKeys("path", "bands", "cql_chunks", "object_store", "ratios")
        .containsEntry("object_threshold_bytes", LargeMix.MIB);
    @SuppressWarnings("unchecked")
    Map<String, Object> objectPath = (Map<String, Object>) json.get("object_store");
    assertThat(objectPath).containsEntry("body_mib_per_s", 20.0).containsKey("per_core_second");
    assertThat(BenchTable.format(report))
        .contains("large mix", "CQL chunks", "object store", "CPU per MiB of bodies");
  }
}
