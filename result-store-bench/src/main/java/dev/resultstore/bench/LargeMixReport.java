package dev.resultstore.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The large-body mix both ways, for the report.
 *
 * @param bands per band of the mix: results and body bytes
 * @param concurrency writes in flight at most
 * @param maxInFlightBytes body bytes in flight at most
 * @param objectThresholdBytes the largest body kept in CQL when the object store is used
 * @param cqlChunks every body in CQL (inline up to {@code maxInlineBodyBytes}, else in chunks)
 * @param objectStore bodies over the threshold in the object store; {@code null} when none was
 *     configured
 */
record LargeMixReport(
    Map<String, BandCount> bands,
    int concurrency,
    long maxInFlightBytes,
    int objectThresholdBytes,
    LargeMixStep.Outcome cqlChunks,
    LargeMixStep.Outcome objectStore) {

  /** What the step measured: the store path directly, and why. */
  static final String PATH =
      "ResultSink.write at ours' concurrency, no NATS: bodies up to 8 MiB do not fit in a NATS"
          + " message of the default 8 MiB max payload with their event around them";

  LargeMixReport(
      LargeMix mix,
      int concurrency,
      long maxInFlightBytes,
      int objectThresholdBytes,
      LargeMixStep.Outcome cqlChunks,
      LargeMixStep.Outcome objectStore) {
    this(count(mix), concurrency, maxInFlightBytes, objectThresholdBytes, cqlChunks, objectStore);
  }

  /** Results and body bytes of one band. */
  record BandCount(long results, long bytes) {}

  /** Counts the mix's results and bytes per band. */
  static Map<String, BandCount> count(LargeMix mix) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    LargeMix.BANDS.forEach(band -> sums.put(band.name(), new long[2]));
    for (int i = 0; i < mix.count(); i++) {
      long[] sum = sums.get(mix.band(i).name());
      sum[0]++;
      sum[1] += mix.bodySize(i);
    }
    Map<String, BandCount> bands = new LinkedHashMap<>();
    sums.forEach((name, sum) -> bands.put(name, new BandCount(sum[0], sum[1])));
    return bands;
  }

  long results() {
    return bands.values().stream().mapToLong(BandCount::results).sum();
  }

  /**
   * The object store's results per core-second over the CQL chunks': above 1, the object store
   * costs the store processes less per result.
   */
  double objectsVsChunksPerCore() {
    return objectStore == null
        ? Double.NaN
        : Rates.ratio(objectStore.step().perCoreSecond(), cqlChunks.step().perCoreSecond());
  }

  /** The object store's results per second over the CQL chunks'. */
  double objectsVsChunksPerSecond() {
    return objectStore == null
        ? Double.NaN
        : Rates.ratio(objectStore.step().perSecond(), cqlChunks.step().perSecond());
  }

  /** The CQL server's CPU per MiB of bodies with the object store over that with CQL chunks. */
  double cqlServerCpuPerMebibyteObjectsVsChunks() {
    if (objectStore == null) {
      return Double.NaN;
    }
    return Rates.ratio(
        objectStore.cpuMillisPerMebibyte().getOrDefault(CpuMeter.CQL, Double.NaN),
        cqlChunks.cpuMillisPerMebibyte().getOrDefault(CpuMeter.CQL, Double.NaN));
  }

  boolean complete() {
    return cqlChunks.step().complete() && (objectStore == null || objectStore.step().complete());
  }
}
