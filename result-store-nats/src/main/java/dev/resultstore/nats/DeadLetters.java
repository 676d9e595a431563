package dev.resultstore.nats;

import dev.resultstore.core.EventIdentity;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters poison messages: publishes the dead letter, waits for JetStream's publish ack, and
 * only then terminates the original. A dead letter that cannot be published is retried with
 * back-off while the original is kept (and kept alive); the original is never terminated without
 * its dead letter.
 */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  /** Room left in the server's maximum payload for the dead letter's headers. */
  static final int HEADER_ALLOWANCE = 1024;

  private final JetStream jetStream;
  private final NatsSourceConfig config;
  private final InFlight inFlight;
  private final SafeListener listener;
  private final Executor workers;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final LongSupplier maxPayload;

  /**
   * @param maxPayload the server's maximum message size, as the connection last learned it
   */
  DeadLetters(
      JetStream jetStream,
      LongSupplier maxPayload,
      NatsSourceConfig config,
      InFlight inFlight,
      SafeListener listener,
      Executor workers,
      ScheduledExecutorService timer,
      Clock clock) {
    this.jetStream = jetStream;
    this.maxPayload = maxPayload;
    this.config = config;
    this.inFlight = inFlight;
    this.listener = listener;
    this.workers = workers;
    this.timer = timer;
    this.clock = clock;
  }

  /** Dead-letters {@code delivery} as {@code failureClass}; {@code error} says why. */
  void deadLetter(Delivery delivery, String failureClass, String error) {
    EventIdentity identity = identity(delivery);
    DeadLetter letter =
        new DeadLetter(
            failureClass,
            identity,
            delivery.subject(),
            delivery.stream(),
            delivery.consumer(),
            delivery.streamSequence(),
            delivery.consumerSequence(),
            delivery.deliveryCount(),
            error,
            delivery.data(),
            clock.instant(),
            false);
    String subject =
        Subjects.deadLetterSubject(
            config.subjectPrefix(),
            Subjects.deadLetterToken(identity.serverlessRequestId(), delivery.subject()));
    Attempt attempt =
        new Attempt(
            delivery,
            subject,
            letter.toJson(bodyLimit()),
            PublishOptions.builder().messageId(letter.messageId()).build(),
            failureClass,
            error);
    publish(attempt, 0);
  }

  /**
   * The largest dead-letter body the server takes with our headers: an original near the maximum
   * payload is dead-lettered with its payload cut (see {@link DeadLetter#toJson(int)}) rather than
   * retried forever.
   */
  private int bodyLimit() {
    long max = maxPayload.getAsLong();
    return (int) Math.max(4096, Math.min(Integer.MAX_VALUE, max) - HEADER_ALLOWANCE);
  }

  private static EventIdentity identity(Delivery delivery) {
    InvocationResult result = delivery.result();
    if (result != null) {
      return new EventIdentity(
          result.invocationId(),
          result.serverlessRequestId(),
          result.workerName(),
          result.workerNamespace());
    }
    try {
      EventIdentity peeked = ResultCodec.peekIdentity(delivery.data());
      return peeked == null ? EventIdentity.UNKNOWN : peeked;
    } catch (RuntimeException e) {
      return EventIdentity.UNKNOWN;
    }
  }

  private void publish(Attempt attempt, int retries) {
    if (attempt.delivery.isSettled()) {
      return; // nak'ed by a drain that timed out
    }
    CompletableFuture<PublishAck> ack;
    try {
      ack = jetStream.publishAsync(attempt.subject, attempt.body, attempt.options);
    } catch (RuntimeException e) {
      ack = CompletableFuture.failedFuture(e);
    }
    ack.orTimeout(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((published, error) -> published(attempt, retries, error), workers);
  }

  private void published(Attempt attempt, int retries, Throwable error) {
    Delivery delivery = attempt.delivery;
    if (error == null) {
      if (inFlight.settle(delivery, Message::term)) {
        listener.deadLettered(attempt.failureClass);
        LOG.warn(
            "Dead-lettered {} to {} as {}: {}",
            delivery.describe(),
            attempt.subject,
            attempt.failureClass,
            attempt.error);
      }
      return;
    }
    Duration delay =
        Backoff.delay(config.outageBackoffInitial(), config.outageBackoffMax(), retries);
    LOG.warn(
        "Could not publish the dead letter of {} to {}: {}; keeping the message and retrying in {}",
        delivery.describe(),
        attempt.subject,
        Failures.describe(error),
        delay);
    listener.transientRetry();
    try {
      timer.schedule(() -> publish(attempt, retries + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("Source closing: the drain settles {}", delivery.describe());
    }
  }

  /** What one dead letter needs for its (re)publication. */
  private record Attempt(
      Delivery delivery,
      String subject,
      byte[] body,
      PublishOptions options,
      String failureClass,
      String error) {}
}
