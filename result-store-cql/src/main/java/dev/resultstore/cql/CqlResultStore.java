package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;
import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.internal.TlsFailures;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ScyllaDB/Cassandra {@link ResultSink} and {@link ResultReader}: one row per invocation in the
 * Go side's {@code invocation_results} table, large bodies in chunks beside it (or, with {@link
 * CqlStoreConfig#objectStore()}, in an object store with a pointer in the row), two lookup tables
 * for the window queries, and every row expiring {@code retention} after its result's {@code
 * completedAt}. See {@code docs/cql.md} for the schema and the write and read paths.
 *
 * <p>Thread-safe. Every method returns at once without blocking on I/O; stages complete on driver
 * threads, so do not block in their callbacks. Failures complete the stage with a {@link
 * TransientStoreException} (timeouts, unavailable or overloaded nodes, lost connections: retry) or
 * a {@link dev.resultstore.core.PermanentStoreException} (the server refuses the request or the
 * value: do not retry). Invalid arguments throw {@link IllegalArgumentException} before any query.
 *
 * <p>{@link #connect(CqlStoreConfig)} opens a session of its own; {@link #connect(CqlSession,
 * CqlStoreConfig)} runs on the caller's and leaves it open.
 *
 * <p>At most {@link CqlStoreConfig#maxInFlightWrites()} writes run at once; up to four times as
 * many more wait in order for their turn without blocking the caller; beyond that {@link #write}
 * fails at once with a {@link TransientStoreException}.
 */
public final class CqlResultStore implements ResultSink, ResultReader, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CqlResultStore.class);

  private final CqlStoreConfig config;
  private final CqlSession session;
  private final boolean ownsSession;
  private final ResultWriter writer;
  private final PointReads pointReads;
  private final LookupQueries queries;
  private final Statements statements;
  private final ResultLifecycle lifecycle;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CqlResultStore(
      CqlStoreConfig config,
      CqlSession session,
      Schema schema,
      Statements statements,
      Clock clock,
      boolean ownsSession) {
    this.config = config;
    this.session = session;
    this.ownsSession = ownsSession;
    this.statements = statements;
    Lookups lookups = new Lookups(config.lookupBucket(), config.timeShards());
    Timing timing = new Timing(Timing.longestRetention(config));
    this.writer = new ResultWriter(session, statements, schema, config, lookups, clock);
    this.pointReads =
        new PointReads(session, statements, schema, config.chunkBytes(), config.objectStore());
    this.queries =
        new LookupQueries(session, statements, lookups, timing, clock, pointReads::resolve);
    this.lifecycle = new ResultLifecycle(session, statements, pointReads, lookups, config, clock);
  }

  /**
   * Connects, creates or checks the schema, and prepares every statement; blocks until done. For
   * startup.
   *
   * @throws ResultStoreException when no node answers ({@link TransientStoreException}) or the
   *     schema is not usable and {@code autoMigrate} cannot fix it ({@link
   *     dev.resultstore.core.PermanentStoreException}, listing every problem)
   */
  public static CqlResultStore connect(CqlStoreConfig config) {
    return awaitConnected(connectAsync(config));
  }

  /** {@link #connect(CqlStoreConfig)} without blocking. */
  public static CompletionStage<CqlResultStore> connectAsync(CqlStoreConfig config) {
    return connectAsync(config, Clock.systemUTC(), null);
  }

  /**
   * {@link #connect(CqlStoreConfig)} with the driver's own metrics registered in {@code registry}
   * under {@code cassandra.session.*} and {@code cassandra.nodes.*} (tags {@code session} and
   * {@code node}): requests (a latency histogram), client timeouts, bytes, connected nodes, and per
   * node the pool, errors, retries and timeouts by kind (docs/cql.md lists them).
   */
  public static CqlResultStore connect(CqlStoreConfig config, MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return awaitConnected(connectAsync(config, Clock.systemUTC(), registry));
  }

  /**
   * A store on the caller's driver session (an application that already holds one: the driver wants
   * one session per application): creates or checks the schema and prepares every statement; blocks
   * until done. The store never closes that session ({@link #close()} only stops the store) and
   * ignores the configuration's connection settings: contact points, datacenter, credentials, TLS
   * and the driver timeouts are the session's. The keyspace, table names, consistency levels,
   * bounds and retention of {@code config} apply. The session's schema metadata must cover the
   * keyspace (the driver's default covers every keyspace).
   *
   * @throws ResultStoreException as {@link #connect(CqlStoreConfig)}, the session left open
   */
  public static CqlResultStore connect(CqlSession session, CqlStoreConfig config) {
    return awaitConnected(connectAsync(session, config));
  }

  /** The connected value; the failure classified. */
  static <T> T awaitConnected(CompletionStage<T> connecting) {
    try {
      return connecting.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientStoreException("CQL store: interrupted while connecting", e);
    } catch (ExecutionException e) {
      throw ErrorClassifier.classify(e.getCause(), "connecting");
    }
  }

  /** {@link #connect(CqlSession, CqlStoreConfig)} without blocking. */
  public static CompletionStage<CqlResultStore> connectAsync(
      CqlSession session, CqlStoreConfig config) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(config, "config");
    return open(session, false, config, Clock.systemUTC());
  }

  /** {@link #connectAsync(CqlStoreConfig)} with the clock that computes TTLs and query bounds. */
  static CompletionStage<CqlResultStore> connectAsync(CqlStoreConfig config, Clock clock) {
    return connectAsync(config, clock, null);
  }

  private static CompletionStage<CqlResultStore> connectAsync(
      CqlStoreConfig config, Clock clock, MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    CompletableFuture<CqlResultStore> connected = new CompletableFuture<>();
    CqlSessions.connectAsync(config, registry)
        .whenComplete(
            (session, connectError) -> {
              if (connectError != null) {
                connected.completeExceptionally(connectError);
                return;
              }
              open(session, true, config, clock)
                  .whenComplete(
                      (store, error) -> {
                        if (error != null) {
                          connected.completeExceptionally(error);
                        } else {
                          connected.complete(store);
                        }
                      });
            });
    return connected;
  }

  /**
   * Creates or checks the schema on {@code session} and prepares the statements; on failure closes
   * the session when the store was to own it.
   */
  private static CompletionStage<CqlResultStore> open(
      CqlSession session, boolean ownsSession, CqlStoreConfig config, Clock clock) {
    Schema schema = new Schema(config);
    CompletableFuture<CqlResultStore> connected = new CompletableFuture<>();
    SchemaManager schemaManager = new SchemaManager(session, schema, config.requestTimeout());
    (config.autoMigrate() ? schemaManager.migrate() : schemaManager.check(false))
        .thenCompose(ignored -> Statements.prepare(session, schema, config))
        .whenComplete(
            (statements, error) -> {
              if (error != null) {
                if (ownsSession) {
                  session.closeAsync();
                }
                connected.completeExceptionally(
                    ErrorClassifier.classify(error, "preparing the schema"));
              } else {
                logConnected(session, config);
                connected.complete(
                    new CqlResultStore(config, session, schema, statements, clock, ownsSession));
              }
            });
    return connected;
  }

  /**
   * Stores {@code result}: body chunks first, then the results row, then the lookup rows, all with
   * the write timestamp and TTL derived from its {@code completedAt}. Completes with {@link
   * WriteOutcome#EXPIRED} without writing when the result is already past the retention, and with
   * {@link WriteOutcome#STORED} without writing when a later completion of the same invocation is
   * stored.
   *
   * @throws NullPointerException when {@code result} is {@code null}
   */
  @Override
  public CompletionStage<WriteOutcome> write(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    return writer.write(result);
  }

  /**
   * Reads a row that does not exist at the write consistency: fails with a {@link
   * TransientStoreException} while too few replicas are up for a write (or the session is closed),
   * completes normally once they are.
   */
  @Override
  public CompletionStage<Void> probe() {
    return guard(
        () -> session.executeAsync(statements.probe()).thenApply(ignored -> (Void) null),
        "probing",
        "");
  }

  /**
   * Reads the row, and the body chunks or object when the body is not inline. A body the row points
   * at in the object store that is missing there fails the stage with a {@link
   * PermanentStoreException} naming its key.
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank
   */
  @Override
  public CompletionStage<Optional<InvocationResult>> get(String invocationId) {
    return get(invocationId, PointReads.UNLIMITED);
  }

  /**
   * {@link #get(String)} with a bound on the body read into memory: a body over {@code
   * maxBodyBytes} is not read, and the stage fails with a {@link PermanentStoreException} naming
   * its size (stream it with {@link #openBody} instead). The size is checked from the row before
   * any chunk or object is read.
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank or {@code maxBodyBytes}
   *     negative
   */
  public CompletionStage<Optional<InvocationResult>> get(String invocationId, long maxBodyBytes) {
    return guard(
        () -> pointReads.get(invocationId, maxBodyBytes), "reading the result of ", invocationId);
  }

  /**
   * Reads the row's summary columns only: no body, no chunks.
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank
   */
  @Override
  public CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
    return guard(
        () -> pointReads.getSummary(invocationId), "reading the summary of ", invocationId);
  }

  /**
   * Reads the results row's summary columns and the status row at once: stored, else expired (an
   * expiry marker, kept {@code expiryMarkerRetention} after the result expired), else dead-lettered
   * (a record the dead-letter path wrote), else unknown.
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank
   */
  @Override
  public CompletionStage<ResultStatus> status(String invocationId) {
    return guard(() -> lifecycle.status(invocationId), "reading the status of ", invocationId);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On its own this store learns of a result by reading it: now, then every second. A control
   * plane wraps it in the NATS module's {@code NatsResultWaiter}, which completes waits on the
   * runner's commit notifications instead.
   */
  @Override
  public CompletionStage<Optional<ResultSummary>> await(String invocationId, Duration timeout) {
    return ResultReader.super.await(invocationId, timeout);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the row (one partition) for the lookup keys, then writes tombstones for the row, the
   * body chunks, the status row and both lookup rows in parallel, with the write timestamp {@code
   * max(now, completedAt + 1 µs)}: any copy with an earlier or equal {@code completedAt} is
   * shadowed for at least {@code gc_grace_seconds} (3 hours; see docs/cql.md for what happens
   * after). With an object store, the body objects go after the row's tombstone is written (see
   * {@link #deleteBodyObjects}), so no row ever points at a deleted object; a failure there fails
   * the stage and a repeated delete removes them.
   */
  @Override
  public CompletionStage<Boolean> delete(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    return guard(() -> lifecycle.delete(invocationId), "deleting the result of ", invocationId)
        .thenCompose(found -> deleteBodyObjects(invocationId).thenApply(ignored -> found));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One write to the status table, with {@code failedAt} as write timestamp and the {@code
   * dead_lettered} retention as TTL.
   */
  @Override
  public CompletionStage<Void> recordDeadLetter(DeadLetterRecord record) {
    Objects.requireNonNull(record, "record");
    return guard(
        () -> lifecycle.recordDeadLetter(record),
        "recording the dead letter of ",
        record.invocationId());
  }

  /**
   * The body as a stream, for bodies too large to hold in memory: empty when there is no such
   * result or it has no body. A chunked body is fetched chunk by chunk while it is read (the next
   * chunk ahead), a body in the object store as it arrives; its {@code read} methods block the
   * calling thread on I/O, so read it on a thread of your own, and close it. A read throws an
   * {@link java.io.IOException} when a newer result replaces a chunked body meanwhile, or when an
   * object is not the body its row points at (size or checksum). A missing object fails the stage
   * with a {@link PermanentStoreException} naming its key.
   *
   * @throws IllegalArgumentException when {@code invocationId} is blank
   */
  public CompletionStage<Optional<InputStream>> openBody(String invocationId) {
    return guard(() -> pointReads.openBody(invocationId), "reading the body of ", invocationId);
  }

  /**
   * One page of {@code serverlessRequestId}'s results in {@code window}, newest first: walks the
   * request's lookup partitions (one per {@code lookupBucket}) from the window's end backwards.
   *
   * @throws IllegalArgumentException for a blank request id, a missing window or page, a cursor
   *     this store did not issue, or a window spanning more than 100000 buckets
   */
  @Override
  public CompletionStage<ResultPage> queryByRequest(
      String serverlessRequestId, TimeWindow window, PageRequest page) {
    return guard(
        () -> queries.byRequest(serverlessRequestId, window, page),
        "querying the results of ",
        serverlessRequestId);
  }

  /**
   * One page of every request's results in {@code window}, newest first: reads the {@code
   * timeShards} partitions of each bucket at once and merges them.
   *
   * @throws IllegalArgumentException for a missing window or page, a cursor this store did not
   *     issue, or a window spanning more than 100000 buckets
   */
  @Override
  public CompletionStage<ResultPage> queryByTime(TimeWindow window, PageRequest page) {
    return guard(() -> queries.byTime(window, page), "querying results by time", "");
  }

  /**
   * Deletes every body of {@code invocationId} kept in the object store (every version: the current
   * one and any a newer result or a failed write left); completes at once without an object store.
   * For a result delete: delete the results row first (the commit point), then call this, so no row
   * ever points at a deleted object; an object left by a failure here expires with the bucket's
   * lifecycle rule.
   */
  CompletionStage<Void> deleteBodyObjects(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    if (config.objectStore() == null) {
      return CompletableFuture.completedFuture(null);
    }
    return guard(
        () -> config.objectStore().deleteAll(invocationId),
        "deleting the body objects of ",
        invocationId);
  }

  /** The configuration this store was connected with. */
  public CqlStoreConfig config() {
    return config;
  }

  /**
   * Closes the session (not one the caller handed to {@link #connect(CqlSession, CqlStoreConfig)}:
   * that one stays open): writes and reads still running on a closed session fail with a {@link
   * TransientStoreException}; later calls fail at once. Idempotent.
   */
  public CompletionStage<Void> closeAsync() {
    if (!closed.getAndSet(true)) {
      writer.close();
    }
    if (!ownsSession) {
      return CompletableFuture.completedFuture(null);
    }
    return session.closeAsync().thenApply(ignored -> null);
  }

  /** {@link #closeAsync()}, waiting for it. */
  @Override
  public void close() {
    try {
      closeAsync().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("Closing the CQL session failed", e.getCause());
    }
  }

  /** The driver session, for tests of this package. */
  CqlSession session() {
    return session;
  }

  /** The write bound, for tests of this package. */
  WritePermits permits() {
    return writer.permits();
  }

  /**
   * Runs {@code read} unless closed, classifying its failure as "{@code operation}{@code subject}"
   * (joined only on failure: reads are the hot path).
   */
  private <T> CompletionStage<T> guard(
      Supplier<CompletionStage<T>> read, String operation, String subject) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    CompletableFuture<T> classified = new CompletableFuture<>();
    read.get()
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                classified.completeExceptionally(
                    ErrorClassifier.classify(error, operation + subject));
              } else {
                classified.complete(value);
              }
            });
    return classified;
  }

  /** The failure to connect, naming the TLS setting to look at when a certificate was refused. */
  static ResultStoreException connectFailure(Throwable error, CqlStoreConfig config) {
    ResultStoreException classified = ErrorClassifier.classify(error, "connecting");
    return TlsFailures.explain(error, config.tls())
        .<ResultStoreException>map(
            hint -> {
              String message = classified.getMessage() + " (" + hint + ")";
              return classified.isTransient()
                  ? new TransientStoreException(message, classified.getCause())
                  : new PermanentStoreException(message, classified.getCause());
            })
        .orElse(classified);
  }

  private static TransientStoreException closedException() {
    return new TransientStoreException("CQL store: closed", null);
  }

  private static void logConnected(CqlSession session, CqlStoreConfig config) {
    TreeSet<String> localDatacenters = new TreeSet<>();
    for (Node node : session.getMetadata().getNodes().values()) {
      if (node.getDistance() == NodeDistance.LOCAL && node.getDatacenter() != null) {
        localDatacenters.add(node.getDatacenter());
      }
    }
    LOG.info(
        "Connected to CQL cluster {} ({} nodes, local datacenter {}), keyspace {}, tables {}, {},"
            + " {}, {}",
        session.getMetadata().getClusterName().orElse("?"),
        session.getMetadata().getNodes().size(),
        localDatacenters.isEmpty() ? "?" : String.join(",", localDatacenters),
        config.keyspace(),
        config.resultsTable(),
        config.bodiesTable(),
        config.requestLookupTable(),
        config.timeLookupTable());
  }
}
