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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
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
 *   <li>not decodable or invalid (a {@code completedAt} more than {@link #MAX_FUTURE} ahead
 *       included), or refused by the store for good: dead letter {@code malformed_message}, then
 *       term;
 *   <li>transient store failure: parked in the {@link OutageControl}, never nak'ed; but a message
 *       whose write keeps failing transiently while the store answers the outage probe ({@link
 *       OutageControl#FAILURES_WHILE_ANSWERING} times) is treated as unclassified;
 *   <li>anything else (unclassified): nak with the configured back-off, counted in the {@link
 *       RetryBudget}, and on the {@code maxDeliver}-th failure dead letter {@code retry_exhausted}.
 * </ul>
 *
 * <p>A message on the consumer's last delivery (a consumer with a finite max deliver, for example
 * one shared with the Go component) is never given back: the server would not deliver it again. It
 * is dead-lettered {@code retry_exhausted} instead of nak'ed, whatever the reason.
 */
final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /**
   * How far in the future a {@code completedAt} may be: clocks drift by seconds, not days. A result
   * completed later than that is invalid: its retention, counted from {@code completedAt}, would
   * keep it for years.
   */
  static final Duration MAX_FUTURE = Duration.ofDays(1);

  private final ResultSink sink;
  private final ResultCodec codec;
  private final NatsSourceConfig config;
  private final InFlight inFlight;
  private final SafeListener listener;
  private final Executor workers;
  private final DeadLettering deadLetters;
  private final OutageControl outage;
  private final Acks acks;
  private final ScheduledExecutorService timer;
  private final RetryBudget retries = new RetryBudget();
  private final Clock clock;
  private volatile long serverMaxDeliver = -1;

  Pipeline(
      ResultSink sink,
      ResultCodec codec,
      NatsSourceConfig config,
      InFlight inFlight,
      SafeListener listener,
      Executor workers,
      DeadLettering deadLetters,
      Acks acks,
      ScheduledExecutorService timer,
      Supplier<CompletionStage<?>> storeProbe,
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
            config.outageBackoffInitial(),
            config.outageBackoffMax(),
            timer,
            listener,
            this::write,
            storeProbe);
    this.acks = acks;
    this.timer = timer;
    this.clock = clock;
  }

  OutageControl outage() {
    return outage;
  }

  /**
   * The consumer's max deliver as last bound; 0 or less for unlimited (the consumers this source
   * creates). Deliveries at that count are dead-lettered rather than given back.
   */
  void serverMaxDeliver(long value) {
    serverMaxDeliver = value;
  }

  /**
   * Gives a held message back to the server for redelivery (nak), unless this is its last delivery:
   * then it is dead-lettered {@code retry_exhausted} with {@code reason}, since a nak would lose
   * it.
   */
  void giveBack(Delivery delivery, String reason) {
    if (delivery.isLastServerDelivery(serverMaxDeliver)) {
      deadLetters.deadLetter(delivery, FailureClass.RETRY_EXHAUSTED, lastDeliveryNote(reason));
    } else {
      inFlight.settle(delivery, Message::nak);
    }
  }

  private String lastDeliveryNote(String reason) {
    return "delivery "
        + serverMaxDeliver
        + " is the consumer's last (its max deliver), and "
        + reason;
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
    Instant latest = clock.instant().plus(MAX_FUTURE);
    if (result.completedAt().isAfter(latest)) {
      onWorkers(
          delivery,
          () ->
              deadLetters.deadLetter(
                  delivery,
                  FailureClass.MALFORMED_MESSAGE,
                  "completedAt: "
                      + result.completedAt()
                      + " is more than "
                      + MAX_FUTURE.toHours()
                      + " hours in the future (a clock far off, or a bad value): its retention"
                      + " would count from then"));
      return;
    }
    delivery.result(result);
    write(delivery);
  }

  private void notDecodable(Delivery delivery, RuntimeException e) {
    if (e instanceof InvalidResultException) {
      deadLetters.deadLetter(
          delivery, FailureClass.MALFORMED_MESSAGE, Failures.cap(e.getMessage()));
    } else {
      unclassified(delivery, e, "");
    }
  }

  /**
   * Runs {@code task} on the workers; when they refuse it (a full queue, or the source closing), on
   * the timer thread, and when that refuses it too, here: a refused task never strands a message.
   */
  private void onWorkers(Delivery delivery, Runnable task) {
    try {
      workers.execute(task);
      return;
    } catch (RejectedExecutionException e) {
      LOG.debug("Workers refused the task of {}; running it on the timer", delivery.describe());
    }
    try {
      timer.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
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
            onWorkers(delivery, () -> written(delivery, start, outcome, error));
          }
        });
  }

  private void written(Delivery delivery, long start, WriteOutcome outcome, Throwable error) {
    long latencyNanos = System.nanoTime() - start;
    if (error == null) {
      outage.storeAnswered(start);
      if (delivery.redelivered()) {
        retries.forget(delivery.streamSequence());
      }
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
      if (outage.answeredSince(start)
          && delivery.failedWhileStoreAnswered() >= OutageControl.FAILURES_WHILE_ANSWERING) {
        unclassified(
            delivery,
            cause,
            "failed "
                + OutageControl.FAILURES_WHILE_ANSWERING
                + " times while the store answered, last with: ");
      } else {
        outage.failedTransiently(delivery, cause);
      }
      return;
    }
    outage.storeAnswered(start);
    if (cause instanceof ResultStoreException) {
      deadLetters.deadLetter(
          delivery,
          FailureClass.MALFORMED_MESSAGE,
          "the store refused the result: " + Failures.describe(cause));
    } else {
      unclassified(delivery, cause, "");
    }
  }

  /**
   * A processing failure: counted in the retry budget; the message is nak'ed with the back-off
   * entry of its failure count, or dead-lettered on its {@code maxDeliver}-th failure or the
   * consumer's last delivery.
   */
  private void unclassified(Delivery delivery, Throwable cause, String what) {
    int failures = retries.failed(delivery.streamSequence());
    String description = what + Failures.describe(cause);
    if (failures >= config.maxDeliver()) {
      retries.forget(delivery.streamSequence());
      deadLetters.deadLetter(
          delivery,
          FailureClass.RETRY_EXHAUSTED,
          "failed " + failures + " times (retry.maxDeliver), last with: " + description);
      return;
    }
    if (delivery.isLastServerDelivery(serverMaxDeliver)) {
      retries.forget(delivery.streamSequence());
      deadLetters.deadLetter(
          delivery,
          FailureClass.RETRY_EXHAUSTED,
          lastDeliveryNote(
              "it failed (" + failures + " failures here), last with: " + description));
      return;
    }
    Duration delay = redeliveryDelay(failures);
    LOG.warn(
        "Processing failure {} of {} for {}; redelivery in {}: {}",
        failures,
        config.maxDeliver(),
        delivery.describe(),
        delay,
        description,
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

  /** The back-off entry for the redelivery after failure number {@code failures}. */
  private Duration redeliveryDelay(int failures) {
    List<Duration> backoff = config.backoff();
    if (backoff.isEmpty()) {
      return Duration.ZERO;
    }
    int index = Math.min(Math.max(failures - 1, 0), backoff.size() - 1);
    return backoff.get(index);
  }
}
