package dev.resultstore.bench;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Step "nats floor": the events received and acked by a bare jnats pull consumer on one thread,
 * nothing decoded or stored: the least any JetStream consumer pays. Paced ({@code perSecond} above
 * 0), it acks no faster than that rate, checked every {@value #PACE_GROUP} acks. See {@link
 * BenchReport#ceilingBound}.
 */
final class NatsFloorStep {
  private static final Duration FETCH_WAIT = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(10);

  /** A paced floor checks its schedule once per this many acks, and so acks them in groups. */
  static final int PACE_GROUP = 32;

  private NatsFloorStep() {}

  /**
   * @param name the step's name in the progress lines
   * @param perSecond the highest rate to ack at; 0 or less: as fast as the messages come
   */
  static StepResult run(
      String name,
      double perSecond,
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
    Progress progress = Progress.start(err, name, expected, acked::get, Duration.ofSeconds(5));
    try {
      while (acked.get() < expected) {
        int want = (int) Math.min(batch, expected - acked.get());
        Iterator<Message> messages = subscription.iterate(want, FETCH_WAIT);
        int received = 0;
        while (received < want && messages.hasNext()) {
          messages.next().ack();
          received++;
          long done = acked.incrementAndGet();
          if (perSecond > 0 && done % PACE_GROUP == 0) {
            awaitSchedule(start, done, perSecond);
          }
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

  /** Waits until {@code done} acks are due at {@code perSecond} from {@code start}. */
  private static void awaitSchedule(long start, long done, double perSecond)
      throws InterruptedException {
    long due = start + (long) (done * 1e9 / perSecond);
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException("the paced floor was interrupted");
      }
    }
  }
}
