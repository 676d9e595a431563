package dev.resultstore.bench;

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
 * Step "lookups": get-by-id of the same random stored ids through {@link ResultReader#get} and a
 * plain prepared {@code SELECT}, on one driver session. A latency phase mixes the two ways lookup
 * by lookup ({@link #viaReader}); a cost phase takes turns in blocks of {@value #BLOCK} and sums
 * each process's CPU per way. Which way reads an id first alternates (the second finds warm
 * caches).
 */
final class LookupStep {
  static final int BLOCK = 100;

  private LookupStep() {}

  /**
   * Latency summaries of both ways (of the latency phase), ids either did not find, the CPU time
   * per lookup of each way by process (of the cost phase; microseconds; empty when not measured),
   * and the cores each process used during both phases (with {@link CpuMeter#OTHER}: whether
   * something else disturbed them).
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
    long[] ignored = new long[ids.size()];
    measure(viaReader, warmUpIds, ignored, 0, new AtomicLong(), concurrency, stall);
    measure(viaSelect, warmUpIds, ignored, 0, new AtomicLong(), concurrency, stall);
    long[] readerNanos = new long[ids.size()];
    long[] rawNanos = new long[ids.size()];
    Map<String, Long> readerCpu = new LinkedHashMap<>();
    Map<String, Long> rawCpu = new LinkedHashMap<>();
    AtomicLong done = new AtomicLong();
    CpuMeter.Snapshot start = cpu.snapshot();
    Progress progress =
        Progress.start(err, "lookups", 4L * ids.size(), done::get, Duration.ofSeconds(5));
    try {
      mixed(viaReader, viaSelect, ids, readerNanos, rawNanos, misses, concurrency, done, stall);
      for (int from = 0; from < ids.size(); from += BLOCK) {
        List<String> block = ids.subList(from, Math.min(from + BLOCK, ids.size()));
        boolean readerFirst = (from / BLOCK) % 2 == 0;
        for (int way = 0; way < 2; way++) {
          boolean viaTheReader = (way == 0) == readerFirst;
          CpuMeter.Snapshot before = cpu.snapshot();
          measure(
              viaTheReader ? viaReader : viaSelect,
              block,
              ignored,
              from,
              misses,
              concurrency,
              stall);
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

  /**
   * Whether lookup {@code operation} of the latency phase goes through the reader: lookups {@code
   * 2i} and {@code 2i + 1} read id {@code i}, the reader first for even {@code i}. So the ways
   * follow each other as reader, SELECT, SELECT, reader, reader, SELECT, ...: any four lookups in a
   * row hold two of each.
   */
  static boolean viaReader(int operation) {
    int id = operation / 2;
    return (operation % 2 == 0) == (id % 2 == 0);
  }

  /** The latency phase: every id once each way, mixed by {@link #viaReader}. */
  private static void mixed(
      Function<String, CompletionStage<Boolean>> viaReader,
      Function<String, CompletionStage<Boolean>> viaSelect,
      List<String> ids,
      long[] readerNanos,
      long[] rawNanos,
      AtomicLong misses,
      int concurrency,
      AtomicLong done,
      Duration stall)
      throws InterruptedException {
    BoundedLoop.Outcome outcome =
        BoundedLoop.run(
            2 * ids.size(),
            concurrency,
            operation -> {
              int index = operation / 2;
              boolean viaTheReader = viaReader(operation);
              long[] nanos = viaTheReader ? readerNanos : rawNanos;
              long start = System.nanoTime();
              return (viaTheReader ? viaReader : viaSelect)
                  .apply(ids.get(index))
                  .thenAccept(found -> finished(nanos, index, start, found, misses));
            },
            done,
            stall);
    failOnErrors(outcome);
  }

  private static Map<String, Double> perLookup(Map<String, Long> micros, int lookups) {
    Map<String, Double> each = new LinkedHashMap<>();
    micros.forEach((role, total) -> each.put(role, Rates.round((double) total / lookups, 1)));
    return each;
  }

  /** Looks up {@code ids} one way, writing each latency to {@code nanos[offset + i]}. */
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
                  .thenAccept(found -> finished(nanos, offset + i, start, found, misses));
            },
            new AtomicLong(),
            stall);
    failOnErrors(outcome);
  }

  private static void finished(
      long[] nanos, int index, long start, boolean found, AtomicLong misses) {
    nanos[index] = System.nanoTime() - start;
    if (!found) {
      misses.incrementAndGet();
    }
  }

  private static void failOnErrors(BoundedLoop.Outcome outcome) {
    if (outcome.errors() > 0) {
      throw new BenchException(
          outcome.errors() + " lookups failed, the first with: " + outcome.firstError(),
          outcome.firstError());
    }
  }
}
