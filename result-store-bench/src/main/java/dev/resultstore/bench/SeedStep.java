package dev.resultstore.bench;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSink;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step "seed": the Go runtime's result-store loop expressed with our client libraries. One durable
 * pull consumer, one thread: fetch one message, decode it, write it and wait for the write, ack it,
 * repeat. It writes through the same {@link ResultSink} as "ours", so the ratio of the two measures
 * the algorithm (one at a time versus pipelined), not the rows.
 */
final class SeedStep {
  private static final Duration FETCH_WAIT = Duration.ofSeconds(1);

  private SeedStep() {}

  static StepResult run(
      BenchNats nats,
      String stream,
      String prefix,
      String consumer,
      ResultSink sink,
      int expected,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    String filter = prefix + ".result.*";
    JetStreamSubscription subscription = nats.pullConsumer(stream, filter, consumer);
    ResultCodec codec = ResultCodec.create();
    AtomicLong stored = new AtomicLong();
    long errors = 0;
    CpuMeter.Snapshot before = cpu.snapshot();
    long start = System.nanoTime();
    long lastProgress = start;
    Progress progress = Progress.start(err, "seed", expected, stored::get, Duration.ofSeconds(5));
    try {
      while (stored.get() < expected) {
        List<Message> fetched = subscription.fetch(1, FETCH_WAIT);
        if (fetched.isEmpty()) {
          if (System.nanoTime() - lastProgress > stall.toNanos()) {
            throw new BenchException(
                "the seed loop received nothing for " + stall.toSeconds() + " s", null);
          }
          continue;
        }
        lastProgress = System.nanoTime();
        Message message = fetched.get(0);
        try {
          InvocationResult result = codec.decode(message.getData());
          sink.write(result).toCompletableFuture().get(stall.toMillis(), TimeUnit.MILLISECONDS);
          message.ack();
          stored.incrementAndGet();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
          errors++;
          message.nak();
        }
      }
    } finally {
      progress.close();
      subscription.unsubscribe();
    }
    long nanos = System.nanoTime() - start;
    return new StepResult(
        stored.get(), expected, nanos, errors, CpuMeter.cores(before, cpu.snapshot()));
  }
}
