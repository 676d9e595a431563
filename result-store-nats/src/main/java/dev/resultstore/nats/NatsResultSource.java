package dev.resultstore.nats;

import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSink;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Statistics;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.ServerInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes result events from the JetStream stream and writes them through a {@link ResultSink}, at
 * least once: a message is acknowledged only after its write completed.
 *
 * <p>{@link #start()} connects, creates the stream and the durable pull consumer when missing, and
 * starts fetching. Many instances may share the consumer; the server hands each message to one of
 * them at a time. Poison messages are dead-lettered, a store outage pauses fetching without losing
 * or dead-lettering anything, and {@link #close()} drains what is in flight. After each stored
 * result it publishes a commit notification on core NATS ({@code <prefix>.stored.<requestID>}, for
 * {@link NatsResultWaiter}), and a dead letter is recorded through {@link
 * ResultSink#recordDeadLetter} before its original is terminated. See {@code docs/nats.md}.
 *
 * <p>Thread-safe. The source owns its NATS connection; it never closes the sink.
 */
public final class NatsResultSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NatsResultSource.class);

  /** How long a stop waits for the dead letters of messages on their last delivery. */
  private static final Duration LAST_LETTERS_WAIT = Duration.ofSeconds(5);

  private final NatsSourceConfig config;
  private final ResultSink sink;
  private final SafeListener listener;
  private final Executor injectedWorkers;
  private final Object lock = new Object();

  private volatile Running running;
  private volatile CompletableFuture<Void> closed;

  private NatsResultSource(
      NatsSourceConfig config, ResultSink sink, SourceListener listener, Executor workers) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.listener = new SafeListener(listener);
    this.injectedWorkers = workers;
  }

  /**
   * A source that decodes and starts writes on its fetch thread (a sink never blocks its caller),
   * settles a successful write on the thread that completed it, and handles everything else
   * (messages that do not decode, failed writes) on a pool of its own ({@code max(2, CPUs)} daemon
   * threads). Nothing happens before {@link #start()}.
   *
   * @param listener receives the metrics events; {@code null} for none
   */
  public static NatsResultSource create(
      NatsSourceConfig config, ResultSink sink, SourceListener listener) {
    return new NatsResultSource(config, sink, listener, null);
  }

  /**
   * A source that handles messages that do not decode and failed writes on {@code workers}, which
   * must accept at least {@code maxInFlight} queued tasks and is not shut down by {@link #close()};
   * otherwise as {@link #create(NatsSourceConfig, ResultSink, SourceListener)}.
   */
  public static NatsResultSource create(
      NatsSourceConfig config, ResultSink sink, SourceListener listener, Executor workers) {
    return new NatsResultSource(config, sink, listener, Objects.requireNonNull(workers, "workers"));
  }

  /** The settings this source runs with. */
  public NatsSourceConfig config() {
    return config;
  }

  /**
   * Connects, ensures the stream and the consumer, and starts fetching. Blocks for the setup only.
   *
   * @throws NatsSourceException when NATS cannot be reached, refuses our credentials, or the stream
   *     or consumer cannot be used (for example a stream that does not capture {@code
   *     <prefix>.result.*})
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (closed != null) {
        throw new IllegalStateException("the source is closed");
      }
      if (running != null) {
        throw new IllegalStateException("the source is already started");
      }
      Running started = new Running();
      try {
        started.start(NatsConnector.connect(config, started::reconnected, listener));
      } catch (RuntimeException e) {
        started.abort();
        throw e;
      }
      running = started;
    }
    LOG.info(
        "Consuming {} from stream {} with consumer {}",
        Subjects.resultFilter(config.subjectPrefix()),
        config.streamName(),
        config.consumerName());
  }

  /** Connected, the consumer bound, not in a store outage and not closing. */
  public boolean isReady() {
    Running current = running;
    return closed == null && current != null && current.ready();
  }

  /** Messages held right now (fetched, not yet acknowledged, terminated or nak'ed). */
  public int inFlight() {
    Running current = current();
    return current == null ? 0 : current.inFlight.size();
  }

  /**
   * Messages of the consumer not yet delivered to any instance, as last seen by a fetch or a
   * periodic consumer-info request (every few seconds while fetching); never blocks.
   */
  public long consumerPending() {
    Running current = current();
    return current == null ? 0 : current.fetcher.pending();
  }

  /**
   * The client's counters for the source's connection; {@link ConnectionStatistics#NONE} before
   * start.
   */
  public ConnectionStatistics connectionStatistics() {
    Running current = current();
    Connection connection = current == null ? null : current.connection;
    if (connection == null) {
      return ConnectionStatistics.NONE;
    }
    Statistics statistics = connection.getStatistics();
    return new ConnectionStatistics(
        statistics.getReconnects(),
        statistics.getDroppedCount(),
        statistics.getInMsgs(),
        statistics.getOutMsgs(),
        statistics.getInBytes(),
        statistics.getOutBytes(),
        connection.outgoingPendingMessageCount(),
        connection.outgoingPendingBytes());
  }

  /**
   * Starts a graceful stop: stop fetching, wait up to {@code drainTimeout} for the held messages to
   * finish (acked or dead-lettered), nak the rest, close the connection. Idempotent.
   *
   * @return completes when the source is closed
   */
  public CompletionStage<Void> closeAsync() {
    Running toStop;
    CompletableFuture<Void> done;
    synchronized (lock) {
      if (closed != null) {
        return closed;
      }
      closed = new CompletableFuture<>();
      done = closed;
      toStop = running;
    }
    if (toStop == null) {
      done.complete(null);
      return done;
    }
    Thread stopper =
        new Thread(
            () -> {
              try {
                toStop.shutdown();
                done.complete(null);
              } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
              }
            },
            "nats-result-source-close");
    stopper.start();
    return done;
  }

  /** {@link #closeAsync()} and waits for it; takes at most about {@code drainTimeout}. */
  @Override
  public void close() {
    closeAsync().toCompletableFuture().join();
  }

  private Running current() {
    return running;
  }

  /** Everything a started source holds. */
  private final class Running {
    private final InFlight inFlight = new InFlight(config.maxInFlight(), config.maxInFlightBytes());
    private final ScheduledExecutorService timer = Threads.timer();
    private final Executor workers =
        injectedWorkers != null ? injectedWorkers : Threads.workers(config.maxInFlight());
    private Connection connection;
    private Pipeline pipeline;
    private Acks acks;
    private Fetcher fetcher;
    private Thread fetchThread;
    private volatile Duration ackDeadline;
    private volatile long serverMaxDeliver = ConsumerSetup.UNLIMITED;
    private volatile long deadLetterLimit = -1;
    private DeadLetters deadLetters;

    void start(Connection connection) {
      this.connection = connection;
      PullSubscription bound;
      JetStream jetStream;
      try {
        bound = bind();
        jetStream = connection.jetStream();
      } catch (IOException | JetStreamApiException e) {
        throw new NatsSourceException(
            "Could not set up stream "
                + config.streamName()
                + " and consumer "
                + config.consumerName()
                + ": "
                + Failures.describe(e),
            e,
            e instanceof IOException);
      }
      ResultSink notifying =
          new NotifyingSink(sink, connection, config.subjectPrefix(), Clock.systemUTC());
      deadLetters =
          new DeadLetters(
              jetStream,
              () -> maxPayload(connection),
              () -> serverMaxDeliver,
              config,
              inFlight,
              listener,
              workers,
              timer,
              Clock.systemUTC(),
              new DeadLetterRecorder(sink));
      deadLetters.streamMaxMessageSize(deadLetterLimit);
      acks =
          new Acks(
              inFlight, timer, config.ackLinger(), config.maxInFlight() / 8, () -> ackDeadline);
      pipeline =
          new Pipeline(
              notifying,
              ResultCodec.create(),
              config,
              inFlight,
              listener,
              workers,
              deadLetters,
              acks,
              timer,
              sink::probe,
              Clock.systemUTC());
      pipeline.serverMaxDeliver(serverMaxDeliver);
      fetcher =
          new Fetcher(
              () -> connection.getStatus() == Connection.Status.CONNECTED,
              this::bind,
              config,
              inFlight,
              pipeline,
              () -> maxPayload(connection) + DeadLetters.HEADER_ALLOWANCE,
              bound);
      scheduleKeepAlive();
      fetchThread = new Thread(fetcher, "nats-result-fetch");
      fetchThread.setDaemon(true);
      fetchThread.start();
    }

    /** Ensures stream and consumer; returns a new pull subscription of the consumer. */
    PullSubscription bind() throws IOException, JetStreamApiException {
      JetStreamManagement management = connection.jetStreamManagement();
      StreamSetup.ensure(management, config);
      long letterLimit = StreamSetup.deadLetterStreamLimit(management, config);
      if (deadLetters != null) {
        deadLetters.streamMaxMessageSize(letterLimit);
      }
      deadLetterLimit = letterLimit;
      ConsumerInfo info = ConsumerSetup.ensure(management, config);
      ackDeadline = ConsumerSetup.shortestAckDeadline(info.getConsumerConfiguration());
      serverMaxDeliver = ConsumerSetup.serverMaxDeliver(info.getConsumerConfiguration());
      if (pipeline != null) {
        pipeline.serverMaxDeliver(serverMaxDeliver);
      }
      JetStreamSubscription subscription =
          connection
              .jetStream()
              .subscribe(
                  null, PullSubscribeOptions.fastBind(config.streamName(), config.consumerName()));
      return new JetStreamPull(subscription);
    }

    void reconnected() {
      Fetcher current = fetcher;
      if (current != null) {
        current.requestRebind();
      }
    }

    boolean ready() {
      return connection.getStatus() == Connection.Status.CONNECTED
          && fetcher.bound()
          && !pipeline.outage().active();
    }

    /**
     * Marks messages held for a third of the shortest ack deadline as in progress, checking twice
     * as often: the server never redelivers a message we hold, and its delivery count stays.
     */
    private void scheduleKeepAlive() {
      Duration touchAfter = ackDeadline.dividedBy(3);
      Duration period = touchAfter.dividedBy(2);
      if (period.toMillis() < 10) {
        period = Duration.ofMillis(10);
      }
      try {
        timer.schedule(
            () -> {
              inFlight.keepAlive(ackDeadline.dividedBy(3));
              scheduleKeepAlive();
            },
            period.toNanos(),
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("Keep-alive stopped");
      }
    }

    void shutdown() {
      long started = System.nanoTime();
      int heldAtStart = inFlight.size();
      LOG.info(
          "Stopping: draining {} held messages (at most {})", heldAtStart, config.drainTimeout());
      fetcher.stop();
      boolean drained = false;
      try {
        fetchThread.join(Fetcher.FETCH_WAIT.multipliedBy(3).toMillis());
        Duration left = config.drainTimeout().minusNanos(System.nanoTime() - started);
        drained = inFlight.awaitEmpty(left.isNegative() ? Duration.ZERO : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      fetchThread.interrupt();
      acks.flush();
      pipeline.outage().close();
      int givenBack = fetcher.givenBackWhileStopping();
      for (Delivery delivery : inFlight.snapshot()) {
        if (!delivery.isSettled()) {
          pipeline.giveBack(delivery, "the source stopped before the result could be stored");
          givenBack++;
        }
      }
      try {
        // Messages on their last delivery are dead-lettered, not nak'ed: wait for those letters.
        inFlight.awaitEmpty(LAST_LETTERS_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer.shutdownNow();
      closeConnection();
      Threads.shutdown(workers, injectedWorkers == null);
      LOG.info(
          "Stopped after {}: {}; {} messages given back for redelivery",
          Duration.ofNanos(System.nanoTime() - started),
          drained ? "everything in flight finished" : "drain timeout reached",
          givenBack);
    }

    /** Undoes a failed start. */
    void abort() {
      timer.shutdownNow();
      closeConnection();
      Threads.shutdown(workers, injectedWorkers == null);
    }

    private void closeConnection() {
      if (connection == null) {
        return;
      }
      try {
        connection.flush(Duration.ofSeconds(2));
      } catch (Exception e) {
        LOG.debug("Flush before close failed: {}", e.toString());
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The server's maximum payload as last announced; NATS's default (1 MiB) before any. */
  private static long maxPayload(Connection connection) {
    ServerInfo info = connection.getServerInfo();
    return info == null || info.getMaxPayload() <= 0 ? 1024 * 1024 : info.getMaxPayload();
  }
}
