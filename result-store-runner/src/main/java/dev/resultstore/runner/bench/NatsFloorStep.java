package dev.resultstore.runner.bench;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step "nats floor": what receiving and acknowledging the events costs with the NATS client alone,
 * the least any JetStream consumer with explicit acks pays. A durable pull consumer of its own on
 * the stream of "ours" (which keeps its messages), pulls of {@code fetchBatchSize}, each message
 * acked as it arrives, on one thread; nothing decoded, nothing stored. Timed until the server has
 * every message acknowledged.
 *
 * <p>Its CPU per result (this JVM and the NATS server) added to the ceiling's bounds ours / ceiling
 * on a machine whose cores the NATS server shares: see {@link BenchReport#ceilingBoundWithNats()}.
 */
final class NatsFloorStep {
  private static final Duration FETCH_WAIT = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(10);

  private NatsFloorStep() {}

  static StepResult run(
      BenchNats nats,
      String stream,
      String prefix,
      String consumer,
      int expected,
      int batch,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    String filter = prefix + ".result.*";
    JetStreamSubscription subscription = nats.pullConsumer(stream, filter, consumer);
    AtomicLong acked = new AtomicLong();
    CpuMeter.Snapshot before = cpu.snapshot();
    long start = System.nanoTime();
    long lastProgress = start;
    Progress progress =
        Progress.start(err, "nats floor", expected, acked::get, Duration.ofSeconds(5));
    try {
      while (acked.get() < expected) {
        int want = (int) Math.min(batch, expected - acked.get());
        Iterator<Message> messages = subscription.iterate(want, FETCH_WAIT);
        int received = 0;
        while (received < want && messages.hasNext()) {
          messages.next().ack();
          received++;
          acked.incrementAndGet();
        }
        if (received > 0) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
          throw new BenchException(
              "the floor's consumer received nothing for " + stall.toSeconds() + " s", null);
        }
      }
      nats.awaitAcknowledged(stream, consumer, stall, POLL);
    } finally {
      progress.close();
      subscription.unsubscribe();
    }
    long nanos = System.nanoTime() - start;
    long left = nats.unacknowledged(stream, consumer);
    return new StepResult(
        acked.get() - left, expected, nanos, 0, CpuMeter.cores(before, cpu.snapshot()));
  }
}
