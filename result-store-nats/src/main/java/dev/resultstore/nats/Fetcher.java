package dev.resultstore.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loop, on its own thread: while connected, bound and not in an outage, it reserves
 * permits for up to {@code fetchBatchSize} messages, pulls that many, and hands each message to the
 * pipeline as it arrives, which decodes it and starts its write on this thread (neither blocks). It
 * never waits for a write, so a slow sink only slows the next pull, through the permits. Messages
 * that arrive after {@link #stop()} are nak'ed at once.
 *
 * <p>One pull subscription serves every pull while the consumer stays bound. A message that arrives
 * after its pull ended (the server sent it as the pull ran out) waits in that subscription and
 * counts towards the next pull, which asks the server for that many fewer. A subscription per pull
 * would drop such a message, and the server would send it again only after the ack deadline.
 */
final class Fetcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  /** How long one pull request waits for messages. */
  static final Duration FETCH_WAIT = Duration.ofSeconds(1);

  private static final Duration IDLE_WAIT = Duration.ofMillis(200);

  /** How long a busy source waits for enough free permits before it pulls fewer messages. */
  private static final Duration LINGER = Duration.ofMillis(20);

  private static final Duration PENDING_REFRESH = Duration.ofSeconds(5);
  private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(5);

  private final Connection connection;
  private final Binder binder;
  private final NatsSourceConfig config;
  private final InFlight inFlight;
  private final Pipeline pipeline;
  private final int enoughToPull;

  private volatile boolean stopping;
  private volatile boolean rebindRequested;
  private volatile JetStreamSubscription subscription;
  private volatile long pending;
  private volatile int nakedWhileStopping;
  private long pendingRefreshedNanos;
  private int errors;

  /**
   * Binds the source to its stream and consumer (ensuring both) and returns a new pull subscription
   * of the consumer.
   */
  interface Binder {
    JetStreamSubscription bind() throws IOException, JetStreamApiException;
  }

  Fetcher(
      Connection connection,
      Binder binder,
      NatsSourceConfig config,
      InFlight inFlight,
      Pipeline pipeline,
      JetStreamSubscription bound) {
    this.connection = connection;
    this.binder = binder;
    this.config = config;
    this.inFlight = inFlight;
    this.pipeline = pipeline;
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

  /** Messages that arrived after {@link #stop()} and were nak'ed at once. */
  int nakedWhileStopping() {
    return nakedWhileStopping;
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

  private void step() throws InterruptedException, IOException, JetStreamApiException {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
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
      pipeline.outage().awaitResumed(IDLE_WAIT);
      return;
    }
    int reserved = inFlight.reserve(config.fetchBatchSize(), enoughToPull, IDLE_WAIT, LINGER);
    if (reserved == 0) {
      return;
    }
    int received = 0;
    try {
      received = fetch(reserved);
    } finally {
      inFlight.release(reserved - received);
    }
    refreshPending();
  }

  /** Pulls up to {@code max} messages; returns how many arrived (each holds a permit). */
  private int fetch(int max) {
    JetStreamSubscription current = subscription;
    // Messages of earlier pulls still waiting in the subscription come first; the pull asks for
    // the rest only. Each message is awaited at most FETCH_WAIT, the pull expires after as long.
    Iterator<Message> batch = current.iterate(max, FETCH_WAIT);
    int received = 0;
    long giveUp = System.nanoTime() + FETCH_WAIT.multipliedBy(5).toNanos();
    while (received < max && System.nanoTime() < giveUp && batch.hasNext()) {
      Message message = batch.next();
      received++;
      Delivery delivery = Delivery.of(message);
      pending = message.metaData().pendingCount();
      inFlight.hold(delivery);
      if (stopping) {
        inFlight.settle(delivery, Message::nak);
        nakedWhileStopping++;
      } else {
        pipeline.accept(delivery);
      }
    }
    return received;
  }

  private void refreshPending() {
    long now = System.nanoTime();
    if (now - pendingRefreshedNanos < PENDING_REFRESH.toNanos()) {
      return;
    }
    pendingRefreshedNanos = now;
    JetStreamSubscription current = subscription;
    if (current == null) {
      return;
    }
    try {
      ConsumerInfo info = current.getConsumerInfo();
      pending = info.getNumPending();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.debug("Could not refresh the consumer's pending count: {}", e.toString());
    }
  }

  /**
   * Drops the subscription. When the loop stops, the messages waiting in it (sent for a pull that
   * had ended) are nak'ed first, so that the server redelivers them at once rather than after the
   * ack deadline; after a failure they are left to that deadline.
   */
  private void unbind(boolean nakWaiting) {
    JetStreamSubscription current = subscription;
    subscription = null;
    if (current == null) {
      return;
    }
    try {
      if (nakWaiting && connection.getStatus() == Connection.Status.CONNECTED) {
        Duration noWait = null;
        Message waiting;
        while ((waiting = current.nextMessage(noWait)) != null) {
          waiting.nak();
          nakedWhileStopping++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("Could not nak the messages waiting in the pull subscription: {}", e.toString());
    } finally {
      try {
        current.unsubscribe();
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
