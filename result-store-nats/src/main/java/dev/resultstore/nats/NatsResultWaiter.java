package dev.resultstore.nats;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.internal.ResultWaiter;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ResultReader} whose {@link #await} completes on the runners' commit notifications: one
 * core NATS subscription to {@code <prefix>.stored.*} serves every wait of the process (create one
 * waiter per process), and a {@link ResultWaiter} holds the waits (register, read once, wait; a
 * fallback read every {@code fallbackInterval} covers a lost notification). Every other method is
 * the wrapped reader's.
 *
 * <p>Runs on the caller's connection, which it does not close. The subscription is restored by the
 * client after a reconnect; notifications sent meanwhile are lost and cost their waits the fallback
 * interval at most. Each process receives every notification (the summary of each stored result, a
 * few hundred bytes).
 *
 * <p>Thread-safe. The notification handler runs on the subscription's dispatcher thread: it decodes
 * the id of each notification, and only for an id waited for the summary; it completes the waits on
 * that thread (so their dependent stages run there too: keep them short, or continue with an {@code
 * *Async} stage) and otherwise only starts asynchronous reads. Notifications come in bursts (the
 * results whose lookup rows were written together), handled one after the other.
 */
public final class NatsResultWaiter implements ResultReader, AutoCloseable {
  private final ResultReader reader;
  private final ResultWaiter waiter;
  private final Connection connection;
  private final Dispatcher dispatcher;

  private NatsResultWaiter(Builder builder) {
    this.reader = builder.reader;
    this.connection = builder.connection;
    this.waiter =
        ResultWaiter.builder(builder.reader)
            .fallbackInterval(builder.fallbackInterval)
            .maxWaits(builder.maxWaits)
            .build();
    StoredNotice.warmUp();
    this.dispatcher =
        connection.createDispatcher(
            message -> {
              String invocationId = StoredNotice.invocationId(message.getData());
              if (invocationId == null || !waiter.waitsFor(invocationId)) {
                return; // nobody here waits for it: the id alone was decoded
              }
              ResultSummary summary = StoredNotice.summary(StoredNotice.fields(message.getData()));
              if (summary != null) {
                waiter.stored(summary);
              } else {
                waiter.stored(invocationId);
              }
            });
    dispatcher.subscribe(Subjects.storedFilter(builder.subjectPrefix));
  }

  /**
   * A builder for a waiter on {@code connection} over {@code reader} (for example a {@code
   * CqlResultStore}).
   */
  public static Builder builder(Connection connection, ResultReader reader) {
    return new Builder(connection, reader);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Completes within moments of the runner's commit (the notification's delivery and one read of
   * the summary, shared by every wait on the id), or at the latest at the next fallback read.
   */
  @Override
  public CompletionStage<Optional<ResultSummary>> await(String invocationId, Duration timeout) {
    return waiter.await(invocationId, timeout);
  }

  /**
   * The invocation id and commit instant a commit notification carries (its {@code invocationID}
   * and {@code committedAt}): for measuring how long after the commit a wait completed. Empty when
   * the payload has neither.
   */
  public static Optional<Commit> commitOf(byte[] payload) {
    Map<String, String> fields = StoredNotice.fields(payload);
    String invocationId = fields.get("invocationID");
    String committedAt = fields.get("committedAt");
    if (invocationId == null || committedAt == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Commit(invocationId, Instant.parse(committedAt)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * What a commit notification says about the commit.
   *
   * @param invocationId the stored result's id
   * @param committedAt when the runner saw the store's write complete
   */
  public record Commit(String invocationId, Instant committedAt) {}

  /** How many waits are held right now. */
  public int waiting() {
    return waiter.waiting();
  }

  @Override
  public CompletionStage<Optional<InvocationResult>> get(String invocationId) {
    return reader.get(invocationId);
  }

  @Override
  public CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
    return reader.getSummary(invocationId);
  }

  @Override
  public CompletionStage<ResultStatus> status(String invocationId) {
    return reader.status(invocationId);
  }

  @Override
  public CompletionStage<ResultPage> queryByRequest(
      String serverlessRequestId, TimeWindow window, PageRequest page) {
    return reader.queryByRequest(serverlessRequestId, window, page);
  }

  @Override
  public CompletionStage<ResultPage> queryByTime(TimeWindow window, PageRequest page) {
    return reader.queryByTime(window, page);
  }

  /**
   * Ends the subscription and completes every held wait empty; leaves the connection and the reader
   * open. Idempotent.
   */
  @Override
  public void close() {
    if (dispatcher.isActive()) {
      connection.closeDispatcher(dispatcher);
    }
    waiter.close();
  }

  /** Builds a {@link NatsResultWaiter}; every method states its default. */
  public static final class Builder {
    private final Connection connection;
    private final ResultReader reader;
    private String subjectPrefix = "runtime.serverless";
    private Duration fallbackInterval = Duration.ofSeconds(5);
    private int maxWaits = 100_000;

    private Builder(Connection connection, ResultReader reader) {
      this.connection = Objects.requireNonNull(connection, "connection");
      this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The runners' subject prefix. Default: {@code runtime.serverless}.
     *
     * @throws IllegalArgumentException when not a literal subject
     */
    public Builder subjectPrefix(String value) {
      if (!Subjects.isValidLiteralSubject(value)) {
        throw new IllegalArgumentException(
            "subjectPrefix must be a literal subject such as runtime.serverless, but was " + value);
      }
      subjectPrefix = value;
      return this;
    }

    /** How often each wait reads the store in case its notification was lost. Default: 5 s. */
    public Builder fallbackInterval(Duration value) {
      fallbackInterval = Objects.requireNonNull(value, "fallbackInterval");
      return this;
    }

    /** How many waits may be held at once; beyond, a wait fails as transient. Default: 100000. */
    public Builder maxWaits(int value) {
      maxWaits = value;
      return this;
    }

    /**
     * Subscribes and returns the waiter.
     *
     * @throws IllegalArgumentException when a value is invalid
     * @throws IllegalStateException when the connection is closed
     */
    public NatsResultWaiter start() {
      return new NatsResultWaiter(this);
    }
  }
}
