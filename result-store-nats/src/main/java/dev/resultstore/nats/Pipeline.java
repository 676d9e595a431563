package dev.resultstore.nats;

import dev.resultstore.core.InvalidResultException;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.WriteOutcome;
import io.nats.client.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one fetched message: decode and validate, and start the write through the sink,
 * on the fetcher's thread (neither blocks: a sink never blocks its caller on I/O); settle it by the
 * outcome, on the thread that completed the write when it stored the result (a claim and a queued
 * ack, nothing that blocks), on the worker executor otherwise. A message that is not decodable goes
 * to the workers too: dead-lettering publishes and waits for the server.
 *
 * <ul>
 *   <li>stored or expired: ack (only now, grouped with others by {@link Acks});
 *   <li>not decodable or invalid, or refused by the store for good: dead letter {@code
 *       malformed_message}, then term;
 *   <li>transient store failure: parked in the {@link OutageControl}, never nak'ed;
 *   <li>anything else (unclassified): nak with the configured back-off, and on the last allowed
 *       delivery dead letter {@code retry_exhausted}.
 * </ul>
 */
final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final ResultSink sink;
  private final ResultCodec codec;
  private final NatsSourceConfig config;
  private final InFlight inFlight;
  private final SafeListener listener;
  private final Executor workers;
  private final DeadLetters deadLetters;
  private final OutageControl outage;
  private final Acks acks;
  private final Clock clock;

  Pipeline(
      ResultSink sink,
      ResultCodec codec,
      NatsSourceConfig config,
      InFlight inFlight,
      SafeListener listener,
      Executor workers,
      DeadLetters deadLetters,
      Acks acks,
      ScheduledExecutorService timer,
      Clock clock) {
    this.sink = sink;
    this.codec = codec;
    this.config = config;
    this.inFlight = inFlight;
    this.listener = listener;
    this.workers = workers;
    this.deadLetters = deadLetters;
    this.outage =
        new OutageControl(
            config.outageBackoffInitial(), config.outageBackoffMax(), timer, listener, this::write);
    this.acks = acks;
    this.clock = clock;
  }

  OutageControl outage() {
    return outage;
  }

  /**
   * Takes a held message from the fetcher, on its thread: decodes it and starts its write, neither
   * of which blocks. Handing each message to a worker instead cost a wake-up of that worker per
   * message (about a fifth more thread switches; docs/performance.md).
   */
  void accept(Delivery delivery) {
    listener.received();
    InvocationResult result;
    try {
      result = codec.decode(delivery.data());
    } catch (RuntimeException e) {
      onWorkers(delivery, () -> notDecodable(delivery, e));
      return;
    }
    delivery.result(result);
    write(delivery);
  }

  private void notDecodable(Delivery delivery, RuntimeException e) {
    if (e instanceof InvalidResultException) {
      deadLetters.deadLetter(delivery, FailureClass.MALFORMED_MESSAGE, e.getMessage());
    } else {
      unclassified(delivery, e);
    }
  }

  /** Runs {@code task} on the workers; when they refuse it (the source closes), naks at once. */
  private void onWorkers(Delivery delivery, Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      inFlight.settle(delivery, Message::nak);
    }
  }

  /** Writes the decoded result of {@code delivery}; also how the outage control retries. */
  void write(Delivery delivery) {
    if (delivery.isSettled()) {
      return;
    }
    long start = System.nanoTime();
    CompletionStage<WriteOutcome> stage;
    try {
      stage = sink.write(delivery.result());
      if (stage == null) {
        stage = CompletableFuture.failedFuture(new IllegalStateException("the sink returned null"));
      }
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (outcome, error) -> {
          if (error == null && !outage.active()) {
            // The common case stays on the thread that completed the write (the store's I/O
            // thread): it only claims the settlement, queues the ack and counts, none of which
            // blocks. Everything else goes to the workers.
            written(delivery, start, outcome, null);
          } else {
            try {
              workers.execute(() -> written(delivery, start, outcome, error));
            } catch (RejectedExecutionException e) {
              LOG.debug("Source closing: the drain settles {}", delivery.describe());
            }
          }
        });
  }

  private void written(Delivery delivery, long start, WriteOutcome outcome, Throwable error) {
    long latencyNanos = System.nanoTime() - start;
    if (error == null) {
      outage.storeAnswered(start);
      if (acks.ack(delivery)) {
        if (outcome == WriteOutcome.EXPIRED) {
          listener.expired();
        } else {
          Duration lag = Duration.between(delivery.result().completedAt(), clock.instant());
          listener.stored(Duration.ofNanos(latencyNanos), lag, delivery.redelivered());
        }
      }
      return;
    }
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof ResultStoreException storeFailure && storeFailure.isTransient()) {
      outage.failedTransiently(delivery, cause);
      return;
    }
    outage.storeAnswered(start);
    if (cause instanceof ResultStoreException) {
      deadLetters.deadLetter(
          delivery,
          FailureClass.MALFORMED_MESSAGE,
          "the store refused the result: " + Failures.describe(cause));
    } else {
      unclassified(delivery, cause);
    }
  }

  private void unclassified(Delivery delivery, Throwable cause) {
    if (delivery.deliveryCount() >= config.maxDeliver()) {
      deadLetters.deadLetter(
          delivery,
          FailureClass.RETRY_EXHAUSTED,
          "failed on all "
              + delivery.deliveryCount()
              + " deliveries, last with: "
              + Failures.describe(cause));
      return;
    }
    Duration delay = redeliveryDelay(delivery.deliveryCount());
    LOG.warn(
        "Unclassified failure of {}; redelivery in {}: {}",
        delivery.describe(),
        delay,
        Failures.describe(cause),
        cause);
    inFlight.settle(
        delivery,
        message -> {
          if (delay.isZero()) {
            message.nak();
          } else {
            message.nakWithDelay(delay);
          }
        });
  }

  /** The back-off entry for the redelivery after delivery {@code deliveryCount}. */
  private Duration redeliveryDelay(long deliveryCount) {
    List<Duration> backoff = config.backoff();
    if (backoff.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.min(Math.max(deliveryCount - 1, 0), backoff.size() - 1);
    return backoff.get(index);
  }
}
