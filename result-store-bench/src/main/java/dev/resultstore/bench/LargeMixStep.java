package dev.resultstore.bench;

import dev.resultstore.core.ResultSink;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Step "large mix": the results of a {@link LargeMix} written with {@link ResultSink#write} (no
 * NATS: the mix's largest bodies do not fit in a NATS message), at most {@code concurrency} writes
 * and {@code maxInFlightBytes} of bodies in flight, each body made just before its write and
 * dropped when it completes. Run once per body path (CQL chunks, object store) on the same mix.
 */
final class LargeMixStep {
  private LargeMixStep() {}

  /**
   * One path's timing.
   *
   * @param bodyBytes the body bytes of the results written
   */
  record Outcome(StepResult step, long bodyBytes) {
    /** Body bytes per second. */
    double bytesPerSecond() {
      return step.seconds() <= 0 ? 0 : bodyBytes / step.seconds();
    }

    /**
     * Milliseconds of CPU per MiB of bodies, by process (as {@link StepResult#cpuMicrosPerItem} per
     * item); empty when not measured.
     */
    Map<String, Double> cpuMillisPerMebibyte() {
      Map<String, Double> millis = new LinkedHashMap<>();
      double mebibytes = bodyBytes / (double) LargeMix.MIB;
      step.cpuCores()
          .forEach(
              (role, cores) ->
                  millis.put(
                      role,
                      mebibytes <= 0
                          ? 0
                          : Rates.round(cores * step.seconds() * 1000 / mebibytes, 2)));
      return millis;
    }
  }

  static Outcome run(
      String label,
      ResultSink sink,
      LargeMix mix,
      int concurrency,
      long maxInFlightBytes,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    int budget = (int) Math.min(Integer.MAX_VALUE, maxInFlightBytes);
    Semaphore slots = new Semaphore(concurrency);
    Semaphore bytes = new Semaphore(budget);
    AtomicLong done = new AtomicLong();
    AtomicLong succeeded = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong bodyBytes = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    int count = mix.count();
    CpuMeter.Snapshot before = cpu.snapshot();
    long start = System.nanoTime();
    Progress progress = Progress.start(err, label, count, done::get, Duration.ofSeconds(5));
    try {
      for (int index = 0; index < count; index++) {
        int size = mix.bodySize(index);
        int permits = Math.min(size, budget);
        acquire(slots, 1, stall, done);
        acquire(bytes, permits, stall, done);
        sink.write(mix.result(index))
            .whenComplete(
                (ignored, failure) -> {
                  if (failure == null) {
                    succeeded.incrementAndGet();
                    bodyBytes.addAndGet(size);
                  } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, failure);
                  }
                  done.incrementAndGet();
                  bytes.release(permits);
                  slots.release();
                });
      }
      acquire(slots, concurrency, stall, done);
    } finally {
      progress.close();
    }
    long nanos = System.nanoTime() - start;
    if (firstError.get() != null) {
      Progress.note(
          err, label + ": " + errors.get() + " writes failed, the first with: " + firstError.get());
    }
    StepResult step =
        new StepResult(
            succeeded.get(), count, nanos, errors.get(), CpuMeter.cores(before, cpu.snapshot()));
    return new Outcome(step, bodyBytes.get());
  }

  /** Takes {@code permits}, failing when no write completed for {@code stall} meanwhile. */
  private static void acquire(Semaphore semaphore, int permits, Duration stall, AtomicLong done)
      throws InterruptedException {
    long seen = done.get();
    while (!semaphore.tryAcquire(permits, stall.toMillis(), TimeUnit.MILLISECONDS)) {
      long now = done.get();
      if (now == seen) {
        throw new BenchException(
            "no write completed for " + stall.toSeconds() + " s (" + now + " done)", null);
      }
      seen = now;
    }
  }
}
