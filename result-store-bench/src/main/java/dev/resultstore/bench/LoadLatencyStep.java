package dev.resultstore.bench;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.nats.GeneratedEvents;
import dev.resultstore.nats.NatsResultSource;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.nats.NatsSourceException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * A step "N% of ours": ours (the pipeline as {@code run} wires it) consumes a fresh stream while a
 * publisher sends the events to it at a fixed rate, each stamped {@code completedAt} = the
 * publisher's clock right before its publish (the Go runtime publishes right after completion). A
 * {@link LatencyObserver} times each result from that instant to stored and to acked, in constant
 * memory. The publisher is paced open-loop: it sends whatever is due, and reports how far it fell
 * behind.
 */
final class LoadLatencyStep {
  private static final Duration POLL = Duration.ofMillis(20);

  /** How long the observations may trail the last settlement (they travel on core NATS). */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private LoadLatencyStep() {}

  /**
   * @param load the fraction of ours' maximum rate, for the report
   * @param perSecond the rate to publish at, above 0
   * @param config the source's settings, on a fresh stream that exists
   */
  static LoadLatency run(
      double load,
      double perSecond,
      NatsSourceConfig config,
      CqlResultStore store,
      BenchNats nats,
      GeneratedEvents events,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    int count = events.count();
    PipelineStep.Counting listener = new PipelineStep.Counting();
    String label = LoadLatency.name(load);
    long nanos;
    long behind;
    CpuMeter.Snapshot before;
    CpuMeter.Snapshot after;
    try (LatencyObserver observer =
            LatencyObserver.start(
                nats.connection(),
                config.subjectPrefix(),
                config.streamName(),
                config.consumerName());
        NatsResultSource source = NatsResultSource.create(config, store, listener)) {
      source.start();
      before = cpu.snapshot();
      long start = System.nanoTime();
      Progress progress =
          Progress.start(err, label, count, listener::settled, Duration.ofSeconds(5));
      try {
        behind = publish(config, nats, events, perSecond, observer, start);
        PipelineStep.awaitSettled(listener, count, stall);
        nats.awaitAcknowledged(config.streamName(), config.consumerName(), stall, POLL);
        nanos = System.nanoTime() - start;
        after = cpu.snapshot();
        awaitObserved(observer, count);
      } finally {
        progress.close();
      }
      if (observer.untimed() > 0) {
        Progress.note(err, label + ": " + observer.untimed() + " observations could not be timed");
      }
      long left = nats.unacknowledged(config.streamName(), config.consumerName());
      long settled = Math.min(count, listener.stored.get() + listener.expired.get());
      StepResult step =
          new StepResult(
              settled,
              count,
              nanos,
              listener.deadLettered.get() + left,
              CpuMeter.cores(before, after));
      return new LoadLatency(
          load,
          perSecond,
          step,
          observer.stored().summary(),
          observer.acked().summary(),
          behind / 1e6);
    }
  }

  /**
   * Publishes every event when it is due at {@code perSecond} from {@code start}; returns how far
   * behind its schedule the publisher was at most, in nanoseconds.
   */
  private static long publish(
      NatsSourceConfig config,
      BenchNats nats,
      GeneratedEvents events,
      double perSecond,
      LatencyObserver observer,
      long start)
      throws InterruptedException {
    ResultCodec codec = ResultCodec.create();
    long behind = 0;
    try {
      EventPublisher publisher =
          new EventPublisher(nats.connection(), config.streamName(), BenchNats.PUBLISH_WINDOW);
      for (int i = 0; i < events.count(); i++) {
        long due = start + (long) (i * 1e9 / perSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
          if (Thread.interrupted()) {
            throw new InterruptedException("the paced publisher was interrupted");
          }
        }
        behind = Math.max(behind, -wait);
        Instant now = Instant.now();
        InvocationResult result =
            events.result(i).toBuilder()
                .startedAt(now.minusMillis(50))
                .completedAt(now)
                .storedAt(now)
                .build();
        observer.publishing(i, LatencyObserver.epochMicros(now));
        publisher.publish(
            events.subject(config.subjectPrefix(), i),
            EventPublisher.resultMessageId(result.invocationId()),
            codec.encode(result));
      }
      publisher.flush();
    } catch (NatsSourceException e) {
      throw new BenchException(e.getMessage(), e);
    }
    return behind;
  }

  /** Waits a little for the last notifications and acks to be seen. */
  private static void awaitObserved(LatencyObserver observer, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + GRACE.toNanos();
    while ((observer.stored().count() < expected || observer.acked().count() < expected)
        && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
    }
  }
}
