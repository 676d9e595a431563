package dev.resultstore.runner.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.resultstore.core.ResultReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Step "lookups": get-by-id latencies of random stored ids through {@link ResultReader#get} and
 * through a plain prepared {@code SELECT * ... WHERE invocation_id = ?}, the same ids in the same
 * order at the same concurrency. After a warm-up of both, they take turns in blocks of {@value
 * #BLOCK} lookups, so a slow moment of the shared machine hits both alike; which one reads a block
 * first alternates too, since the second read of an id finds the server's caches warm. The CPU time
 * of each process is summed per way over its blocks: what a lookup costs each way.
 */
final class LookupStep {
  static final int BLOCK = 100;

  private LookupStep() {}

  /**
   * Latency summaries of both ways, ids either did not find, the CPU time per lookup of each way by
   * process (microseconds; empty when not measured), and the cores each process used during the
   * timed lookups (with {@link CpuMeter#OTHER}: whether something else disturbed them).
   */
  record Outcome(
      Latencies.Summary reader,
      Latencies.Summary raw,
      long misses,
      Map<String, Double> readerCpuMicros,
      Map<String, Double> rawCpuMicros,
      Map<String, Double> cores) {}

  static Outcome run(
      ResultReader reader,
      CqlSession session,
      PreparedStatement select,
      ConsistencyLevel consistency,
      List<String> ids,
      int warmUp,
      int concurrency,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    AtomicLong misses = new AtomicLong();
    Function<String, CompletionStage<Boolean>> viaReader =
        id -> reader.get(id).thenApply(found -> found.isPresent());
    Function<String, CompletionStage<Boolean>> viaSelect =
        id ->
            session
                .executeAsync(select.bind(id).setConsistencyLevel(consistency))
                .thenApply(page -> page.one() != null);
    List<String> warmUpIds = ids.subList(0, Math.min(warmUp, ids.size()));
    long[] ignored = new long[warmUpIds.size()];
    measure(viaReader, warmUpIds, ignored, 0, new AtomicLong(), concurrency, stall);
    measure(viaSelect, warmUpIds, ignored, 0, new AtomicLong(), concurrency, stall);
    long[] readerNanos = new long[ids.size()];
    long[] rawNanos = new long[ids.size()];
    Map<String, Long> readerCpu = new LinkedHashMap<>();
    Map<String, Long> rawCpu = new LinkedHashMap<>();
    AtomicLong done = new AtomicLong();
    CpuMeter.Snapshot start = cpu.snapshot();
    Progress progress =
        Progress.start(err, "lookups", 2L * ids.size(), done::get, Duration.ofSeconds(5));
    try {
      for (int from = 0; from < ids.size(); from += BLOCK) {
        List<String> block = ids.subList(from, Math.min(from + BLOCK, ids.size()));
        boolean readerFirst = (from / BLOCK) % 2 == 0;
        for (int way = 0; way < 2; way++) {
          boolean viaTheReader = (way == 0) == readerFirst;
          CpuMeter.Snapshot before = cpu.snapshot();
          if (viaTheReader) {
            measure(viaReader, block, readerNanos, from, misses, concurrency, stall);
          } else {
            measure(viaSelect, block, rawNanos, from, misses, concurrency, stall);
          }
          CpuMeter.addMicros(before, cpu.snapshot(), viaTheReader ? readerCpu : rawCpu);
          done.addAndGet(block.size());
        }
      }
    } finally {
      progress.close();
    }
    return new Outcome(
        Latencies.summarize(readerNanos),
        Latencies.summarize(rawNanos),
        misses.get(),
        perLookup(readerCpu, ids.size()),
        perLookup(rawCpu, ids.size()),
        CpuMeter.cores(start, cpu.snapshot()));
  }

  private static Map<String, Double> perLookup(Map<String, Long> micros, int lookups) {
    Map<String, Double> each = new LinkedHashMap<>();
    micros.forEach((role, total) -> each.put(role, Rates.round((double) total / lookups, 1)));
    return each;
  }

  /** Looks up {@code ids}, writing each latency to {@code nanos[offset + i]}. */
  private static void measure(
      Function<String, CompletionStage<Boolean>> lookup,
      List<String> ids,
      long[] nanos,
      int offset,
      AtomicLong misses,
      int concurrency,
      Duration stall)
      throws InterruptedException {
    BoundedLoop.Outcome outcome =
        BoundedLoop.run(
            ids.size(),
            concurrency,
            i -> {
              long start = System.nanoTime();
              return lookup
                  .apply(ids.get(i))
                  .thenAccept(
                      found -> {
                        nanos[offset + i] = System.nanoTime() - start;
                        if (!found) {
                          misses.incrementAndGet();
                        }
                      });
            },
            new AtomicLong(),
            stall);
    if (outcome.errors() > 0) {
      throw new BenchException(
          outcome.errors() + " lookups failed, the first with: " + outcome.firstError(),
          outcome.firstError());
    }
  }
}
