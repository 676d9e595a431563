package dev.resultstore.bench;

import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.nats.FailureClass;
import dev.resultstore.nats.NatsResultSource;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.nats.SourceListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step "ours": the runner's pipeline exactly as {@code run} wires it ({@link NatsResultSource} over
 * a {@link CqlResultStore}) drains the bench stream. Timed from the end of {@code start()}
 * (connection and consumer set up) until the listener has seen every event settled and the server
 * has every message acknowledged; the heap of this JVM is sampled meanwhile.
 */
final class PipelineStep {
  private static final Duration POLL = Duration.ofMillis(20);

  private PipelineStep() {}

  /** The timing, the pipeline's own counts and the heap peaks. */
  record Outcome(
      StepResult step, BenchReport.PipelineCounts counts, long peakHeap, long peakAfterGc) {}

  static Outcome run(
      String label,
      NatsSourceConfig config,
      CqlResultStore store,
      BenchNats nats,
      int expected,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    Counting listener = new Counting();
    System.gc();
    long nanos;
    CpuMeter.Snapshot before;
    CpuMeter.Snapshot after;
    long peakHeap;
    long peakAfterGc;
    try (HeapSampler heap = HeapSampler.start(Duration.ofMillis(50));
        NatsResultSource source = NatsResultSource.create(config, store, listener)) {
      source.start();
      before = cpu.snapshot();
      long jitBefore = CpuMeter.jitMillis();
      long start = System.nanoTime();
      Progress progress =
          Progress.start(err, label, expected, listener::settled, Duration.ofSeconds(5));
      try {
        awaitSettled(listener, expected, stall);
        // the listener's count alone may include a redelivered message twice
        nats.awaitAcknowledged(config.streamName(), config.consumerName(), stall, POLL);
      } finally {
        progress.close();
      }
      nanos = System.nanoTime() - start;
      after = cpu.snapshot();
      Progress.note(
          err,
          label
              + ": JIT compiler threads used "
              + (CpuMeter.jitMillis() - jitBefore)
              + " ms of CPU");
      peakHeap = heap.peakUsed();
      peakAfterGc = heap.peakAfterGc();
    }
    long left = nats.unacknowledged(config.streamName(), config.consumerName());
    BenchReport.PipelineCounts counts =
        new BenchReport.PipelineCounts(
            listener.stored.get(),
            listener.expired.get(),
            listener.deadLettered.get(),
            listener.redelivered.get(),
            listener.retries.get(),
            left);
    long completed = Math.min(expected, listener.stored.get() + listener.expired.get());
    StepResult step =
        new StepResult(
            completed,
            expected,
            nanos,
            listener.deadLettered.get() + left,
            CpuMeter.cores(before, after));
    return new Outcome(step, counts, peakHeap, peakAfterGc);
  }

  /** Waits until {@code listener} has seen {@code expected} results settled. */
  static void awaitSettled(Counting listener, int expected, Duration stall)
      throws InterruptedException {
    long lastProgress = System.nanoTime();
    long seen = -1;
    while (listener.settled() < expected) {
      Thread.sleep(POLL.toMillis());
      long now = listener.settled();
      if (now != seen) {
        seen = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
        throw new BenchException(
            "the pipeline settled nothing for "
                + stall.toSeconds()
                + " s ("
                + now
                + " of "
                + expected
                + " settled); is the CQL server overloaded or down?",
            null);
      }
    }
  }

  /** Counts what the source reports; thread-safe and cheap, as the listener contract asks. */
  static final class Counting implements SourceListener {
    final AtomicLong stored = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    long settled() {
      return stored.get() + expired.get() + deadLettered.get();
    }

    @Override
    public void stored(Duration writeLatency, Duration endToEndLag, boolean redelivery) {
      stored.incrementAndGet();
      if (redelivery) {
        redelivered.incrementAndGet();
      }
    }

    @Override
    public void expired() {
      expired.incrementAndGet();
    }

    @Override
    public void deadLettered(FailureClass failureClass) {
      deadLettered.incrementAndGet();
    }

    @Override
    public void transientRetry() {
      retries.incrementAndGet();
    }
  }
}
