package dev.resultstore.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured, with the ratios and targets of the issue, as a JSON object
 * ({@link #toJson()}) and as the table printed at the end ({@link BenchTable}).
 *
 * @param ours the runner's pipeline, NATS to CQL
 * @param seed the Go runtime's loop: fetch one, write it synchronously, ack, repeat
 * @param ceilingBefore the same rows straight to CQL with the driver, no NATS, timed before ours
 * @param ceilingAfter the same again, timed after ours (and the lookups): the machine still speeds
 *     up (or slows down) during a run, and the two timings together are fair to a step between
 *     them; see {@link #ceiling()}
 * @param natsFloor the events received and acked with the NATS client alone, nothing stored: what
 *     any consumer pays on the NATS side
 * @param natsFloorPaced the same at ours' rate: what any consumer pays on the NATS side when the
 *     CQL server sets the pace
 * @param direct {@code CqlResultStore.write} at the same concurrency, no NATS (where between the
 *     two the time goes)
 * @param reader get-by-id through {@code ResultReader}
 * @param raw get-by-id through a plain prepared {@code SELECT}, the same ids
 * @param lookupMisses ids either reader did not find (should be 0)
 * @param readerCpuMicros CPU time per lookup through the reader, by process (microseconds)
 * @param rawCpuMicros the same through the plain {@code SELECT}
 * @param lookupCores the cores each process used during the timed lookups
 * @param peakHeapBytes the largest heap use sampled during {@code ours}
 * @param peakHeapAfterGcBytes the largest heap use left after a collection during {@code ours}
 * @param goRow one prepared {@code INSERT} of the Go table's row per result, nothing else: the
 *     floor of storing a result at all (see {@link CostRatios})
 * @param underLoad ours' end-to-end latencies at fractions of its maximum rate
 * @param settings the configuration's settings the run used, by key (see {@code
 *     ResultStoreConfig.describe})
 * @param oursMarkersOff ours again with the store writing no expiry markers ({@code
 *     expiryMarkerRetention} zero): the markers' cost, in one run
 * @param waits concurrent waits on results stored meanwhile; {@code null} when skipped
 * @param largeMix the large-body mix with bodies in CQL chunks and in the object store; {@code
 *     null} when skipped
 * @param wideCeiling the ceiling's rows with the lookup rows of before their slimming (ten summary
 *     columns more), one statement per row: the "three-statement ceiling" of the cost issue, which
 *     ours' rate is compared with (see {@link CostRatios})
 */
record BenchReport(
    String runId,
    Instant startedAt,
    Map<String, Object> environment,
    int events,
    int bodyBytes,
    int largeBodyBytes,
    int concurrency,
    StepResult ours,
    PipelineCounts oursCounts,
    StepResult seed,
    StepResult ceilingBefore,
    StepResult ceilingAfter,
    StepResult natsFloor,
    StepResult natsFloorPaced,
    StepResult direct,
    Latencies.Summary reader,
    Latencies.Summary raw,
    int lookupConcurrency,
    long lookupMisses,
    Map<String, Double> readerCpuMicros,
    Map<String, Double> rawCpuMicros,
    Map<String, Double> lookupCores,
    long peakHeapBytes,
    long peakHeapAfterGcBytes,
    Map<String, Object> resources,
    StepResult goRow,
    List<LoadLatency> underLoad,
    Map<String, String> settings,
    StepResult oursMarkersOff,
    WaitsStep.Outcome waits,
    LargeMixReport largeMix,
    StepResult wideCeiling) {

  /** ours ≥ 0.85 × ceiling. */
  static final double OURS_VS_CEILING_TARGET = 0.85;

  /** ours ≥ 5 × seed. */
  static final double OURS_VS_SEED_TARGET = 5.0;

  /** The extra writes of the result API (expiry markers) cost at most 10% of ingest. */
  static final double MARKER_COST_TARGET = 0.10;

  /** lookup p99 ≤ 1.2 × raw p99. */
  static final double LOOKUP_P99_TARGET = 1.2;

  BenchReport {
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    readerCpuMicros = Collections.unmodifiableMap(new LinkedHashMap<>(readerCpuMicros));
    rawCpuMicros = Collections.unmodifiableMap(new LinkedHashMap<>(rawCpuMicros));
    lookupCores = Collections.unmodifiableMap(new LinkedHashMap<>(lookupCores));
    underLoad = List.copyOf(underLoad);
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** The ceiling's two timings as one: rows over their time together. */
  StepResult ceiling() {
    return StepResult.combined(ceilingBefore, ceilingAfter);
  }

  /**
   * The ceiling's second rate over its first: how much the machine changed between the two (1.10:
   * 10% faster after ours than before it).
   */
  double ceilingDrift() {
    return Rates.ratio(ceilingAfter.perSecond(), ceilingBefore.perSecond());
  }

  /**
   * The best ours / ceiling that any NATS consumer could reach on this machine, when the NATS
   * server and the client share the cores with the CQL server: the ceiling's CPU per result over
   * the ceiling's plus {@code floor}'s. Every write step keeps the cores busy, so rates are in the
   * inverse ratio of CPU per result.
   */
  double ceilingBound(StepResult floor) {
    double ceilingPerCore = ceiling().perCoreSecond();
    double floorPerCore = floor.perCoreSecond();
    if (ceilingPerCore <= 0 || floorPerCore <= 0) {
      return Double.NaN;
    }
    double ceilingCost = 1 / ceilingPerCore;
    double floorCost = 1 / floorPerCore;
    return ceilingCost / (ceilingCost + floorCost);
  }

  double oursVsCeiling() {
    return Rates.ratio(ours.perSecond(), ceiling().perSecond());
  }

  /** ours' rate over the wide ceiling's. */
  double oursVsWideCeiling() {
    return Rates.ratio(ours.perSecond(), wideCeiling.perSecond());
  }

  double oursVsSeed() {
    return Rates.ratio(ours.perSecond(), seed.perSecond());
  }

  /** ours / ceiling in results per core-second of the measured processes. */
  double oursVsCeilingPerCore() {
    return Rates.ratio(ours.perCoreSecond(), ceiling().perCoreSecond());
  }

  /** ours' rate over ours' with markers off. */
  double oursVsMarkersOff() {
    return Rates.ratio(ours.perSecond(), oursMarkersOff.perSecond());
  }

  /**
   * The expiry markers' share of ours' cost per result: 1 − (CPU per result of the measured
   * processes with markers off) / (with markers on). Negative when markers-off cost more (noise).
   */
  double markerCostShare() {
    double on = ours.perCoreSecond();
    double off = oursMarkersOff.perCoreSecond();
    return on <= 0 || off <= 0 ? Double.NaN : 1 - on / off;
  }

  /** The same share of the CQL server's CPU per result alone. */
  double markerCqlCostShare() {
    double on = ours.cpuMicrosPerItem().getOrDefault(CpuMeter.CQL, 0.0);
    double off = oursMarkersOff.cpuMicrosPerItem().getOrDefault(CpuMeter.CQL, 0.0);
    return on <= 0 || off <= 0 ? Double.NaN : 1 - off / on;
  }

  double lookupP99VsRaw() {
    return Rates.ratio(reader.p99Ms(), raw.p99Ms());
  }

  /**
   * Cores of other processes above which a step's rate is not comparable with the others': on two
   * cores, 0.1 of a core taken by something else is 5% of the machine.
   */
  static final double DISTURBANCE_CORES = 0.1;

  /**
   * The steps (the lookups among them) during which other processes (not this JVM, the CQL server
   * or the NATS server) used more than {@link #DISTURBANCE_CORES}: their rates or latencies, and
   * the ratios built on them, measure the machine's other load as much as the step. Empty when
   * nothing disturbed the run.
   */
  List<String> disturbedSteps() {
    Map<String, StepResult> steps = new LinkedHashMap<>();
    steps.put("ceiling (before ours)", ceilingBefore);
    steps.put("ours", ours);
    steps.put("ceiling (after ours)", ceilingAfter);
    steps.put("nats floor", natsFloor);
    steps.put("nats floor paced", natsFloorPaced);
    steps.put("store direct", direct);
    steps.put("seed", seed);
    steps.put("go row", goRow);
    steps.put("wide ceiling", wideCeiling);
    underLoad.forEach(level -> steps.put(level.name(), level.step()));
    steps.put("ours, markers off", oursMarkersOff);
    if (waits != null) {
      steps.put("waits", waits.pipeline());
    }
    if (largeMix != null) {
      steps.put("large mix, CQL chunks", largeMix.cqlChunks().step());
      if (largeMix.objectStore() != null) {
        steps.put("large mix, object store", largeMix.objectStore().step());
      }
    }
    List<String> disturbed = new ArrayList<>();
    steps.forEach(
        (name, step) -> {
          if (step.cpuCores().getOrDefault(CpuMeter.OTHER, 0.0) > DISTURBANCE_CORES) {
            disturbed.add(name);
          }
        });
    if (lookupCores.getOrDefault(CpuMeter.OTHER, 0.0) > DISTURBANCE_CORES) {
      disturbed.add("lookups");
    }
    return disturbed;
  }

  /** Every step completed all it had to and both lookups found every id. */
  boolean complete() {
    return ours.complete()
        && seed.complete()
        && ceilingBefore.complete()
        && ceilingAfter.complete()
        && natsFloor.complete()
        && natsFloorPaced.complete()
        && direct.complete()
        && lookupMisses == 0
        && oursCounts.deadLettered() == 0
        && goRow.complete()
        && wideCeiling.complete()
        && underLoad.stream().allMatch(LoadLatency::complete)
        && oursMarkersOff.complete()
        && (waits == null || waits.complete())
        && (largeMix == null || largeMix.complete());
  }

  /** The report as JSON-ready maps, keys in a stable order; NaN becomes {@code null}. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", runId);
    json.put("started_at", startedAt.toString());
    json.put("complete", complete());
    json.put("disturbed_steps", disturbedSteps());
    json.put("events", events);
    json.put("body_bytes", bodyBytes);
    json.put("large_body_bytes", largeBodyBytes);
    json.put("concurrency", concurrency);
    json.put("seed_events", seed.expected());
    json.put("ours_per_s", number(ours.perSecond(), 1));
    json.put("seed_per_s", number(seed.perSecond(), 1));
    json.put("ceiling_per_s", number(ceiling().perSecond(), 1));
    json.put("ceiling_before_per_s", number(ceilingBefore.perSecond(), 1));
    json.put("ceiling_after_per_s", number(ceilingAfter.perSecond(), 1));
    json.put("store_direct_per_s", number(direct.perSecond(), 1));
    json.put("nats_floor_per_s", number(natsFloor.perSecond(), 1));
    json.put("nats_floor_paced_per_s", number(natsFloorPaced.perSecond(), 1));
    json.put("lookup_p50_ms", number(reader.p50Ms(), 3));
    json.put("lookup_p95_ms", number(reader.p95Ms(), 3));
    json.put("lookup_p99_ms", number(reader.p99Ms(), 3));
    json.put("raw_lookup_p50_ms", number(raw.p50Ms(), 3));
    json.put("raw_lookup_p95_ms", number(raw.p95Ms(), 3));
    json.put("raw_lookup_p99_ms", number(raw.p99Ms(), 3));
    json.put("peak_heap_mb", Rates.mebibytes(peakHeapBytes));
    json.put("peak_heap_after_gc_mb", Rates.mebibytes(peakHeapAfterGcBytes));
    json.put("go_row_per_s", number(goRow.perSecond(), 1));
    json.put("ours_markers_off_per_s", number(oursMarkersOff.perSecond(), 1));
    json.put("wide_ceiling_per_s", number(wideCeiling.perSecond(), 1));
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("ours_vs_ceiling", target(oursVsCeiling(), ">=", OURS_VS_CEILING_TARGET));
    ratios.put("ours_vs_seed", target(oursVsSeed(), ">=", OURS_VS_SEED_TARGET));
    ratios.put("lookup_p99_vs_raw_p99", target(lookupP99VsRaw(), "<=", LOOKUP_P99_TARGET));
    ratios.put("ours_vs_ceiling_per_core", number(oursVsCeilingPerCore(), 3));
    ratios.put("ceiling_after_vs_before", number(ceilingDrift(), 3));
    ratios.put("ours_vs_ceiling_bound_with_nats", number(ceilingBound(natsFloor), 3));
    ratios.put(
        "ours_vs_ceiling_bound_with_nats_at_ours_rate", number(ceilingBound(natsFloorPaced), 3));
    ratios.put("ours_vs_ours_markers_off", number(oursVsMarkersOff(), 3));
    ratios.put("expiry_marker_cost_share", target(markerCostShare(), "<=", MARKER_COST_TARGET));
    ratios.put("expiry_marker_cql_server_cost_share", number(markerCqlCostShare(), 3));
    json.put("ratios", ratios);
    Map<String, Object> steps = new LinkedHashMap<>();
    steps.put("ceiling", step(ceiling()));
    steps.put("ceiling_before", step(ceilingBefore));
    steps.put("ours", step(ours));
    steps.put("ceiling_after", step(ceilingAfter));
    steps.put("nats_floor", step(natsFloor));
    steps.put("nats_floor_paced", step(natsFloorPaced));
    steps.put("store_direct", step(direct));
    steps.put("seed", step(seed));
    steps.put("go_row", step(goRow));
    steps.put("ours_markers_off", step(oursMarkersOff));
    steps.put("wide_ceiling", step(wideCeiling));
    json.put("steps", steps);
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("ours_stored", oursCounts.stored());
    counts.put("ours_expired", oursCounts.expired());
    counts.put("ours_dead_lettered", oursCounts.deadLettered());
    counts.put("ours_redelivered", oursCounts.redelivered());
    counts.put("ours_transient_retries", oursCounts.transientRetries());
    counts.put("ours_stream_left", oursCounts.leftInStream());
    counts.put("seed_stored", seed.items());
    counts.put("ceiling_written", ceilingBefore.items());
    counts.put("ceiling_after_written", ceilingAfter.items());
    counts.put("nats_floor_acked", natsFloor.items());
    counts.put("nats_floor_paced_acked", natsFloorPaced.items());
    counts.put("store_direct_stored", direct.items());
    counts.put("lookups", reader.count());
    counts.put("raw_lookups", raw.count());
    counts.put("lookup_misses", lookupMisses);
    counts.put("go_row_written", goRow.items());
    counts.put("ours_markers_off_stored", oursMarkersOff.items());
    counts.put("wide_ceiling_written", wideCeiling.items());
    json.put("counts", counts);
    Map<String, Object> lookups = new LinkedHashMap<>();
    lookups.put("concurrency", lookupConcurrency);
    lookups.put("cpu_cores", new LinkedHashMap<>(lookupCores));
    lookups.put("reader", latencies(reader, readerCpuMicros));
    lookups.put("raw_select", latencies(raw, rawCpuMicros));
    json.put("lookups", lookups);
    json.put("waits", waits == null ? null : waits(waits));
    json.put("large_mix", largeMix == null ? null : largeMix(largeMix));
    json.put("environment", new LinkedHashMap<>(environment));
    json.put("resources", new LinkedHashMap<>(resources));
    json.put("cost", CostRatios.toJson(this));
    json.put("latency_under_load", underLoad.stream().map(LoadLatency::toJson).toList());
    json.put("settings", new LinkedHashMap<>(settings));
    return json;
  }

  static Map<String, Object> target(double value, String comparison, double goal) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("value", number(value, 3));
    entry.put("target", comparison + " " + goal);
    entry.put(
        "met",
        Double.isNaN(value) ? null : comparison.equals(">=") ? value >= goal : value <= goal);
    return entry;
  }

  private static Map<String, Object> step(StepResult step) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("items", step.items());
    entry.put("expected", step.expected());
    entry.put("seconds", number(step.seconds(), 3));
    entry.put("per_s", number(step.perSecond(), 1));
    entry.put("errors", step.errors());
    entry.put("cpu_cores", new LinkedHashMap<>(step.cpuCores()));
    entry.put("cpu_us_per_item", step.cpuMicrosPerItem());
    entry.put("per_core_second", number(step.perCoreSecond(), 1));
    return entry;
  }

  private static Map<String, Object> waits(WaitsStep.Outcome waits) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("count", waits.count());
    entry.put("completed", waits.completed());
    entry.put("subscriptions", waits.subscriptions() < 0 ? null : waits.subscriptions());
    entry.put("threads_added", waits.threadsAdded());
    Latencies.Summary latency = waits.latency();
    entry.put("measured", "committedAt of the commit notification -> wait completed");
    entry.put("p50_ms", latency == null ? null : number(latency.p50Ms(), 3));
    entry.put("p95_ms", latency == null ? null : number(latency.p95Ms(), 3));
    entry.put("p99_ms", latency == null ? null : number(latency.p99Ms(), 3));
    entry.put("max_ms", latency == null ? null : number(latency.maxMs(), 3));
    entry.put("mean_ms", latency == null ? null : number(latency.meanMs(), 3));
    entry.put("pipeline", step(waits.pipeline()));
    return entry;
  }

  private static Map<String, Object> largeMix(LargeMixReport mix) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("path", LargeMixReport.PATH);
    entry.put("events", mix.results());
    entry.put("concurrency", mix.concurrency());
    entry.put("max_in_flight_bytes", mix.maxInFlightBytes());
    entry.put("object_threshold_bytes", mix.objectThresholdBytes());
    Map<String, Object> bands = new LinkedHashMap<>();
    for (LargeMix.Band band : LargeMix.BANDS) {
      LargeMixReport.BandCount count = mix.bands().get(band.name());
      Map<String, Object> described = new LinkedHashMap<>();
      described.put("share_percent", band.percent());
      described.put("min_bytes", band.minBytes());
      described.put("max_bytes", band.maxBytes());
      described.put("results", count == null ? 0 : count.results());
      described.put("bytes", count == null ? 0 : count.bytes());
      bands.put(band.name(), described);
    }
    entry.put("bands", bands);
    entry.put("cql_chunks", bodyPath(mix.cqlChunks()));
    entry.put("object_store", mix.objectStore() == null ? null : bodyPath(mix.objectStore()));
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("object_store_vs_cql_chunks_per_core", number(mix.objectsVsChunksPerCore(), 3));
    ratios.put("object_store_vs_cql_chunks_per_s", number(mix.objectsVsChunksPerSecond(), 3));
    ratios.put(
        "cql_server_cpu_per_mib_object_store_vs_cql_chunks",
        number(mix.cqlServerCpuPerMebibyteObjectsVsChunks(), 3));
    entry.put("ratios", ratios);
    return entry;
  }

  private static Map<String, Object> bodyPath(LargeMixStep.Outcome path) {
    Map<String, Object> entry = step(path.step());
    entry.put("body_bytes", path.bodyBytes());
    entry.put("body_mib_per_s", number(path.bytesPerSecond() / LargeMix.MIB, 2));
    entry.put("cpu_ms_per_mib", path.cpuMillisPerMebibyte());
    return entry;
  }

  private static Map<String, Object> latencies(
      Latencies.Summary summary, Map<String, Double> cpuMicros) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("count", summary.count());
    entry.put("p50_ms", number(summary.p50Ms(), 3));
    entry.put("p95_ms", number(summary.p95Ms(), 3));
    entry.put("p99_ms", number(summary.p99Ms(), 3));
    entry.put("max_ms", number(summary.maxMs(), 3));
    entry.put("mean_ms", number(summary.meanMs(), 3));
    entry.put("cpu_us_per_lookup", new LinkedHashMap<>(cpuMicros));
    return entry;
  }

  static Double number(double value, int digits) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Rates.round(value, digits);
  }

  /**
   * What the pipeline reported through its listener during {@code ours}.
   *
   * @param leftInStream messages the bench consumer had not acknowledged at the end (should be 0)
   */
  record PipelineCounts(
      long stored,
      long expired,
      long deadLettered,
      long redelivered,
      long transientRetries,
      long leftInStream) {}
}
