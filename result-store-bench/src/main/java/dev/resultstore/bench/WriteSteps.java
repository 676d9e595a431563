package dev.resultstore.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSink;
import dev.resultstore.nats.GeneratedEvents;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The two steps without NATS, at ours' concurrency on the same events: "ceiling" (the store's rows
 * with the driver alone, {@link CeilingRows}) and "store direct" ({@code CqlResultStore.write}).
 */
final class WriteSteps {
  private WriteSteps() {}

  static StepResult ceiling(
      String label,
      CqlSession session,
      CeilingRows rows,
      GeneratedEvents events,
      int concurrency,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    ResultCodec codec = ResultCodec.create();
    return timed(
        label,
        events.count(),
        concurrency,
        index -> {
          CeilingRows.Rows result =
              rows.statements(codec.decode(events.json(index)), Instant.now());
          if (result == null) {
            return CompletableFuture.completedFuture(null);
          }
          return all(session, result.chunks())
              .thenCompose(ignored -> session.executeAsync(result.row()))
              .thenCompose(ignored -> all(session, result.lookups()));
        },
        cpu,
        err,
        stall);
  }

  /** Runs {@code statements} in parallel; completes when all have. */
  private static CompletableFuture<Void> all(CqlSession session, List<BoundStatement> statements) {
    CompletableFuture<?>[] writes = new CompletableFuture<?>[statements.size()];
    for (int i = 0; i < writes.length; i++) {
      writes[i] = session.executeAsync(statements.get(i)).toCompletableFuture();
    }
    return CompletableFuture.allOf(writes);
  }

  static StepResult direct(
      String label,
      ResultSink sink,
      GeneratedEvents events,
      int concurrency,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    ResultCodec codec = ResultCodec.create();
    return timed(
        label,
        events.count(),
        concurrency,
        index -> sink.write(codec.decode(events.json(index))),
        cpu,
        err,
        stall);
  }

  /** Runs {@code count} operations at {@code concurrency} and times them, with the CPU used. */
  static StepResult timed(
      String label,
      int count,
      int concurrency,
      IntFunction<CompletionStage<?>> operation,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    AtomicLong done = new AtomicLong();
    CpuMeter.Snapshot before = cpu.snapshot();
    long jitBefore = CpuMeter.jitMillis();
    long start = System.nanoTime();
    BoundedLoop.Outcome outcome;
    Progress progress = Progress.start(err, label, count, done::get, Duration.ofSeconds(5));
    try {
      outcome = BoundedLoop.chained(count, concurrency, operation, done, stall);
    } finally {
      progress.close();
    }
    long nanos = System.nanoTime() - start;
    Progress.note(
        err,
        label + ": JIT compiler threads used " + (CpuMeter.jitMillis() - jitBefore) + " ms of CPU");
    if (outcome.firstError() != null) {
      Progress.note(
          err,
          label
              + ": "
              + outcome.errors()
              + " writes failed, the first with: "
              + outcome.firstError());
    }
    return new StepResult(
        outcome.succeeded(),
        count,
        nanos,
        outcome.errors(),
        CpuMeter.cores(before, cpu.snapshot()));
  }
}
