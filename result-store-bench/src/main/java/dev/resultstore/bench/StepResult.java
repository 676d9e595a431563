package dev.resultstore.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one timed step did.
 *
 * @param items results (or rows) completed within the timing
 * @param expected how many it had to complete
 * @param nanos the time it took
 * @param errors failed operations (each one also means an item not completed, unless retried)
 * @param cpuCores the cores each process used meanwhile (see {@link CpuMeter}); may be empty
 */
record StepResult(
    long items, long expected, long nanos, long errors, Map<String, Double> cpuCores) {

  StepResult {
    cpuCores = Collections.unmodifiableMap(new LinkedHashMap<>(cpuCores));
  }

  /**
   * Two timings of the same step as one: their items over their time together, and the cores used
   * weighted by each one's time.
   */
  static StepResult combined(StepResult first, StepResult second) {
    long nanos = first.nanos + second.nanos;
    Map<String, Double> cores = new LinkedHashMap<>();
    if (nanos > 0) {
      first.cpuCores.forEach(
          (role, used) -> cores.merge(role, used * first.nanos / nanos, Double::sum));
      second.cpuCores.forEach(
          (role, used) -> cores.merge(role, used * second.nanos / nanos, Double::sum));
    }
    return new StepResult(
        first.items + second.items,
        first.expected + second.expected,
        nanos,
        first.errors + second.errors,
        cores);
  }

  /** Items per second; 0 when nothing was timed. */
  double perSecond() {
    return Rates.perSecond(items, nanos);
  }

  double seconds() {
    return nanos / 1e9;
  }

  /**
   * Items per second of CPU used by the measured processes together (this JVM, the CQL server, the
   * NATS server; not "other"): how much the step gets done per core. 0 when not measured.
   */
  double perCoreSecond() {
    double cores = 0;
    for (Map.Entry<String, Double> entry : cpuCores.entrySet()) {
      if (!entry.getKey().equals(CpuMeter.OTHER)) {
        cores += entry.getValue();
      }
    }
    return cores <= 0 ? 0 : perSecond() / cores;
  }

  /** The CPU time per item of each process, in microseconds. */
  Map<String, Double> cpuMicrosPerItem() {
    Map<String, Double> micros = new LinkedHashMap<>();
    double rate = perSecond();
    cpuCores.forEach(
        (role, cores) -> micros.put(role, rate <= 0 ? 0 : Rates.round(cores / rate * 1e6, 1)));
    return micros;
  }

  /** Every expected item completed and nothing failed. */
  boolean complete() {
    return items == expected && errors == 0;
  }
}
