package dev.resultstore.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loop, on its own thread: while connected, bound and not in an outage, it reserves room
 * for up to {@code fetchBatchSize} messages and a share of the byte budget, pulls that many
 * messages of at most that many bytes ({@code max_bytes}), and hands each message to the pipeline
 * as it arrives, which decodes it and starts its write on this thread (neither blocks). It never
 * waits for a write, so a slow sink only slows the next pull, through the budget. Messages that
 * arrive after {@link #stop()} are given back at once.
 *
 * <p>One pull subscription serves every pull while the consumer stays bound. A message that arrives
 * after its pull ended (the server sent it as the pull ran out) waits in that subscription: the
 * next pull takes it first and asks the server for that many fewer, and while the loop does not
 * pull (an outage, a full budget) it takes such messages in as well, so that they are kept alive
 * like every held message rather than left to their ack deadline.
 */
final class Fetcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  /** How long one pull request waits for messages. */
  static final Duration FETCH_WAIT = Duration.ofSeconds(1);

  private static final Duration IDLE_WAIT = Duration.ofMillis(200);

  /** How long a busy source waits for enough free room before it pulls fewer messages. */
  private static final Duration LINGER = Duration.ofMillis(20);

  private static final Duration PENDING_REFRESH = Duration.ofSeconds(5);
  private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(5);

  private final BooleanSupplier connected;
  private final Binder binder;
  private final NatsSourceConfig config;
  private final InFlight inFlight;
  private final Pipeline pipeline;
  private final LongSupplier largestMessage;
  private final int enoughToPull;

  private volatile boolean stopping;
  private volatile boolean rebindRequested;
  private volatile PullSubscription subscription;
  private volatile long pending;
  private volatile int givenBackWhileStopping;
  private long pendingRefreshedNanos;
  private int errors;

  /**
   * Binds the source to its stream and consumer (ensuring both) and returns a new pull subscription
   * of the consumer.
   */
  interface Binder {
    PullSubscription bind() throws IOException, JetStreamApiException;
  }

  /**
   * @param largestMessage the size of the largest message the server may send (its maximum payload
   *     and room for headers): every pull may bring at least that many bytes
   */
  Fetcher(
      BooleanSupplier connected,
      Binder binder,
      NatsSourceConfig config,
      InFlight inFlight,
      Pipeline pipeline,
      LongSupplier largestMessage,
      PullSubscription bound) {
    this.connected = connected;
    this.binder = binder;
    this.config = config;
    this.inFlight = inFlight;
    this.pipeline = pipeline;
    this.largestMessage = largestMessage;
    this.enoughToPull = Math.max(1, Math.min(config.fetchBatchSize(), config.maxInFlight() / 4));
    this.subscription = bound;
  }

  /** Whether the consumer is bound (and no re-bind is pending). */
  boolean bound() {
    return subscription != null && !rebindRequested;
  }

  /** Messages of the consumer not yet delivered, as last seen; never blocks. */
  long pending() {
    return pending;
  }

  /** Messages that arrived after {@link #stop()} and were given back at once. */
  int givenBackWhileStopping() {
    return givenBackWhileStopping;
  }

  /** Re-ensures stream and consumer before the next pull (after a reconnect). */
  void requestRebind() {
    rebindRequested = true;
  }

  /** Stops pulling; the current pull ends within {@link #FETCH_WAIT}. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    while (!stopping) {
      try {
        step();
        errors = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (NatsSourceException e) {
        failed("Cannot bind the consumer", e);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        failed("Fetching failed", e);
      }
    }
    unbind(true);
    LOG.debug("Fetch loop stopped");
  }

  /** One turn of the loop: bind if needed, then one pull, or a short wait. */
  void step() throws InterruptedException, IOException, JetStreamApiException {
    if (!connected.getAsBoolean()) {
      Thread.sleep(IDLE_WAIT.toMillis());
      return;
    }
    if (subscription == null || rebindRequested) {
      rebindRequested = false;
      unbind(false);
      subscription = binder.bind();
      LOG.info("Bound to consumer {} on stream {}", config.consumerName(), config.streamName());
    }
    if (pipeline.outage().active()) {
      takeWaiting();
      pipeline.outage().awaitResumed(IDLE_WAIT);
      return;
    }
    long largest = largestMessage.getAsLong();
    InFlight.Reservation reservation =
        inFlight.reserve(
            config.fetchBatchSize(),
            enoughToPull,
            largest,
            Math.max(largest, Math.min(NatsSourceConfig.MAX_PULL_BYTES, config.maxInFlightBytes())),
            IDLE_WAIT,
            LINGER);
    if (reservation == null) {
      takeWaiting();
      return;
    }
    try {
      fetch(reservation, largest);
    } finally {
      // Only what no message took: each held message gives its own share back when settled.
      inFlight.release(reservation);
    }
    refreshPending();
  }

  /** Takes the waiting messages, then pulls what the reservation still allows. */
  private void fetch(InFlight.Reservation reservation, long largest) throws InterruptedException {
    PullSubscription current = subscription;
    Message message;
    while (reservation.messages() > 0 && (message = current.next(null)) != null) {
      take(message, reservation);
    }
    if (reservation.messages() == 0 || reservation.bytes() < largest) {
      return;
    }
    current.pull(reservation.messages(), reservation.bytes(), FETCH_WAIT);
    long giveUp = System.nanoTime() + FETCH_WAIT.multipliedBy(5).toNanos();
    while (reservation.messages() > 0 && System.nanoTime() < giveUp) {
      message = current.next(FETCH_WAIT);
      if (message == null) {
        return; // the pull ended: expired, or its messages or bytes were all sent
      }
      take(message, reservation);
    }
  }

  private void take(Message message, InFlight.Reservation reservation) {
    Delivery delivery = Delivery.of(message);
    pending = delivery.pendingCount();
    inFlight.hold(delivery, reservation);
    hand(delivery);
  }

  /**
   * Takes in the messages waiting in the subscription (sent for a pull that had ended) while the
   * loop does not pull, so that they are held and kept alive, not left to their ack deadline.
   */
  private void takeWaiting() throws InterruptedException {
    PullSubscription current = subscription;
    if (current == null) {
      return;
    }
    Message message;
    while ((message = current.next(null)) != null) {
      Delivery delivery = Delivery.of(message);
      inFlight.adopt(delivery);
      hand(delivery);
    }
  }

  private void hand(Delivery delivery) {
    if (stopping) {
      pipeline.giveBack(delivery, "the source was stopping when it arrived");
      givenBackWhileStopping++;
    } else {
      pipeline.accept(delivery);
    }
  }

  private void refreshPending() {
    long now = System.nanoTime();
    if (now - pendingRefreshedNanos < PENDING_REFRESH.toNanos()) {
      return;
    }
    pendingRefreshedNanos = now;
    PullSubscription current = subscription;
    if (current == null) {
      return;
    }
    try {
      pending = current.consumerPending();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.debug("Could not refresh the consumer's pending count: {}", e.toString());
    }
  }

  /**
   * Drops the subscription. When the loop stops, the messages waiting in it (sent for a pull that
   * had ended) are given back first (nak'ed, or dead-lettered on their last delivery), so that the
   * server redelivers them at once rather than after the ack deadline; after a failure they are
   * left to that deadline.
   */
  private void unbind(boolean giveBackWaiting) {
    PullSubscription current = subscription;
    subscription = null;
    if (current == null) {
      return;
    }
    try {
      if (giveBackWaiting && connected.getAsBoolean()) {
        Message waiting;
        while ((waiting = current.next(null)) != null) {
          Delivery delivery = Delivery.of(waiting);
          inFlight.adopt(delivery);
          pipeline.giveBack(delivery, "the source was stopping when it arrived");
          givenBackWhileStopping++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug(
          "Could not give back the messages waiting in the pull subscription: {}", e.toString());
    } finally {
      try {
        current.close();
      } catch (RuntimeException e) {
        LOG.debug("Dropping the pull subscription failed: {}", e.toString());
      }
    }
  }

  private void failed(String what, Exception e) {
    unbind(false);
    Duration delay = Backoff.delay(Duration.ofMillis(100), MAX_ERROR_BACKOFF, errors++);
    if (errors <= 3 || errors % 20 == 0) {
      LOG.warn("{} (attempt {}), retrying in {}: {}", what, errors, delay, Failures.describe(e));
    }
    try {
      if (!stopping) {
        Thread.sleep(delay.toMillis());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }
}
