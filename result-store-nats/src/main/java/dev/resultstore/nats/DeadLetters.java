package dev.resultstore.nats;

import dev.resultstore.core.DeadLetterRecord;
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
 * back-off while the original is kept (and kept alive); after {@link #PUBLISH_ATTEMPTS} failed
 * attempts the original is given back to the server with a delay (nak), to be dead-lettered again
 * on its redelivery, and {@link SourceListener#deadLetterFailed()} is raised: it is never held for
 * ever, and never terminated without its dead letter. (On the consumer's last delivery it is kept
 * and retried instead: a nak would lose it.) Building a letter cannot strand its message either:
 * when it fails, a letter with the error text and payload cut short is sent instead.
 */
final class DeadLetters implements DeadLettering {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  /** Failed publications of one dead letter before its original is given back with a delay. */
  static final int PUBLISH_ATTEMPTS = 5;

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
  private final LongSupplier serverMaxDeliver;
  private volatile long streamMaxMessageSize = -1;
  private final DeadLetterRecorder recorder;

  /**
   * @param maxPayload the server's maximum message size, as the connection last learned it
   */
  DeadLetters(
      JetStream jetStream,
      LongSupplier maxPayload,
      LongSupplier serverMaxDeliver,
      NatsSourceConfig config,
      InFlight inFlight,
      SafeListener listener,
      Executor workers,
      ScheduledExecutorService timer,
      Clock clock,
      DeadLetterRecorder recorder) {
    this.jetStream = jetStream;
    this.recorder = recorder;
    this.maxPayload = maxPayload;
    this.serverMaxDeliver = serverMaxDeliver;
    this.config = config;
    this.inFlight = inFlight;
    this.listener = listener;
    this.workers = workers;
    this.timer = timer;
    this.clock = clock;
  }

  /**
   * The largest message the stream that captures the dead letters takes ({@code max_msg_size}); 0
   * or less for no limit of its own.
   */
  void streamMaxMessageSize(long value) {
    streamMaxMessageSize = value;
  }

  /**
   * Dead-letters {@code delivery} as {@code failureClass}; {@code error} says why (cut to {@link
   * Failures#MAX_TEXT} characters). Never throws.
   */
  @Override
  public void deadLetter(Delivery delivery, FailureClass failureClass, String error) {
    String reason = Failures.cap(error);
    Attempt attempt;
    try {
      attempt = attempt(delivery, failureClass, reason, false);
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not build the dead letter of {} ({}); sending one without the identity it read",
          delivery.describe(),
          e.toString());
      try {
        attempt = attempt(delivery, failureClass, reason, true);
      } catch (RuntimeException again) {
        LOG.error("Could not build even a short dead letter of {}", delivery.describe(), again);
        failedFor(delivery, again);
        return;
      }
    }
    publish(attempt, 0);
  }

  private Attempt attempt(
      Delivery delivery, FailureClass failureClass, String error, boolean minimal) {
    EventIdentity identity = minimal ? EventIdentity.UNKNOWN : identity(delivery);
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
    return new Attempt(
        delivery,
        subject,
        letter.toJson(bodyLimit()),
        PublishOptions.builder().messageId(letter.messageId()).build(),
        failureClass,
        error,
        identity.invocationId() == null || identity.invocationId().isBlank()
            ? null
            : new DeadLetterRecord(
                identity.invocationId(), failureClass.wireName(), error, letter.failedAt()));
  }

  /** Neither built nor published: the message goes back to the server, or is kept if it must. */
  private void failedFor(Delivery delivery, Throwable error) {
    listener.deadLetterFailed();
    if (delivery.isLastServerDelivery(serverMaxDeliver.getAsLong())) {
      LOG.error(
          "Keeping {} (the consumer's last delivery) although its dead letter failed: {}",
          delivery.describe(),
          Failures.describe(error));
      return;
    }
    Duration delay = config.outageBackoffMax();
    inFlight.settle(delivery, message -> message.nakWithDelay(delay));
  }

  /**
   * The largest dead-letter body the server takes with our headers: an original near the maximum
   * payload is dead-lettered with its payload cut (see {@link DeadLetter#toJson(int)}) rather than
   * retried forever.
   */
  int bodyLimit() {
    long max = maxPayload.getAsLong();
    long stream = streamMaxMessageSize;
    if (stream > 0) {
      max = Math.min(max, stream);
    }
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
      recorder
          .record(attempt.record)
          .whenCompleteAsync((ignored, failure) -> terminate(attempt), workers);
      return;
    }
    if (retries + 1 >= PUBLISH_ATTEMPTS
        && !delivery.isLastServerDelivery(serverMaxDeliver.getAsLong())) {
      LOG.error(
          "Could not publish the dead letter of {} to {} in {} attempts: {}; giving the message"
              + " back for redelivery in {}",
          delivery.describe(),
          attempt.subject,
          PUBLISH_ATTEMPTS,
          Failures.describe(error),
          config.outageBackoffMax());
      failedFor(delivery, error);
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

  /** The dead letter is published and recorded: terminate the original. */
  private void terminate(Attempt attempt) {
    Delivery delivery = attempt.delivery;
    if (inFlight.settle(delivery, Message::term)) {
      listener.deadLettered(attempt.failureClass);
      LOG.warn(
          "Dead-lettered {} to {} as {}: {}",
          delivery.describe(),
          attempt.subject,
          attempt.failureClass,
          attempt.error);
    }
  }

  /**
   * What one dead letter needs for its (re)publication; {@code record} is what the store keeps of
   * it, {@code null} when no invocation id could be read.
   */
  private record Attempt(
      Delivery delivery,
      String subject,
      byte[] body,
      PublishOptions options,
      FailureClass failureClass,
      String error,
      DeadLetterRecord record) {}
}
