package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.resultstore.core.BodyPointer;
import dev.resultstore.core.BodyStore;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of one result: no read, three statements in two round trips (plus the body chunks
 * or object, and the expiry marker batched with the results row). In order:
 *
 * <ol>
 *   <li>Put the body where it goes when it is not inline: in the object store when one is
 *       configured and the body is over its threshold (one object per result version, so a
 *       redelivery overwrites it), else in chunks, at most {@value #CHUNK_CONCURRENCY} at a time.
 *   <li>Write the results row: the commit point. A reader that sees it finds its whole body. When
 *       expiry markers are on and the result expires, its marker in the status table (same
 *       partition key) goes in the same unlogged batch: one mutation, one round trip. The marker
 *       lives {@code expiryMarkerRetention} longer than the row.
 *   <li>Write the two lookup rows, in parallel: a query never lists a result whose row is not
 *       there.
 * </ol>
 *
 * <p>Every statement carries the result's {@code completedAt} as write timestamp and the same TTL
 * (see {@link Timing}; the retention of the result's state), so of two completions of one
 * invocation the later one wins cell by cell whatever their arrival order, without a read: a late
 * older result's cells lose against the stored ones. Its lookup rows, under other keys, stay until
 * they expire; queries check every listed row against the results row and drop such stale ones
 * ({@link PageMerger}). A failure at any step fails the write; redelivering the result repeats
 * every step, which is idempotent.
 */
final class ResultWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);

  /** Chunk writes of one result in flight at once. */
  static final int CHUNK_CONCURRENCY = 4;

  /** The most lookup rows in one group (one batch). */
  static final int MAX_GROUP_ROWS = 128;

  /**
   * The most bytes of lookup rows in one group: 32 KiB, below the servers' batch size limits
   * (Cassandra fails batches over 50 KiB that span partitions, ScyllaDB warns over 128 KiB).
   */
  static final long MAX_GROUP_BYTES = 32 * 1024;

  /** About the bytes of a lookup row besides its invocation id and request id (keys, cells). */
  private static final long LOOKUP_ROW_OVERHEAD = 48;

  private final CqlSession session;
  private final Statements statements;
  private final RowBinder resultRow;
  private final RowBinder byRequestRow;
  private final RowBinder byTimeRow;
  private final CqlStoreConfig config;
  private final Clock clock;
  private final WritePermits permits;
  private final int maxInlineBodyBytes;
  private final int chunkBytes;
  private final BodyStore objectStore;
  private final long objectThresholdBytes;
  private final Lookups lookups;
  private final ScheduledExecutorService lingerTimer;
  private final LookupGroups<BoundStatement> lookupGroups;

  ResultWriter(
      CqlSession session,
      Statements statements,
      Schema schema,
      CqlStoreConfig config,
      Lookups lookups,
      Clock clock) {
    this.session = session;
    this.statements = statements;
    this.resultRow = new RowBinder(schema.results(), resultColumns());
    this.byRequestRow = new RowBinder(schema.byRequest(), lookupColumns(lookups));
    this.byTimeRow = new RowBinder(schema.byTime(), lookupColumns(lookups));
    this.config = config;
    this.clock = clock;
    this.permits =
        new WritePermits(
            config.maxInFlightWrites(), config.acceptedWrites() - config.maxInFlightWrites());
    this.maxInlineBodyBytes = config.maxInlineBodyBytes();
    this.chunkBytes = config.chunkBytes();
    this.objectStore = config.objectStore();
    this.objectThresholdBytes =
        objectStore == null ? BodyLayout.NO_OBJECT_STORE : config.objectThresholdBytes();
    this.lookups = lookups;
    this.lingerTimer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "result-store-lookup-linger");
              thread.setDaemon(true);
              return thread;
            });
    this.lookupGroups =
        new LookupGroups<>(
            rows -> session.executeAsync(statements.lookupGroup(rows)),
            lingerTimer,
            permits::handOffAfter,
            permits::exhausted,
            config.lookupLinger(),
            MAX_GROUP_ROWS,
            MAX_GROUP_BYTES);
  }

  /** Sends the lookup rows still lingering and stops the linger timer. */
  void close() {
    lingerTimer.shutdown();
    lookupGroups.flushAll();
  }

  WritePermits permits() {
    return permits;
  }

  CompletionStage<WriteOutcome> write(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    String operation = "writing the result of " + result.invocationId();
    int ttl =
        Timing.ttlSeconds(config.retention(result.state()), result.completedAt(), clock.instant());
    if (ttl == Timing.EXPIRED) {
      LOG.debug("Not writing {}: past its retention", result.invocationId());
      return CompletableFuture.completedFuture(WriteOutcome.EXPIRED);
    }
    CompletableFuture<WriteOutcome> outcome = new CompletableFuture<>();
    CompletableFuture<Void> permit;
    try {
      permit = permits.acquire();
    } catch (RuntimeException e) {
      outcome.completeExceptionally(ErrorClassifier.classify(e, operation));
      return outcome;
    }
    permit.whenComplete(
        (ignored, permitError) -> {
          CompletionStage<WriteOutcome> written;
          try {
            written = writeHoldingPermit(result, ttl);
          } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
          }
          written.whenComplete(
              (value, error) -> {
                permits.release();
                if (error != null) {
                  outcome.completeExceptionally(ErrorClassifier.classify(error, operation));
                } else {
                  outcome.complete(value);
                }
              });
        });
    return outcome;
  }

  /**
   * The largest results row (its cells other than a chunked body) written after body chunks: the
   * server refuses a mutation over half its commit log segment (16 MiB by default in Cassandra and
   * ScyllaDB), and a row refused after its chunks were written would leave the chunks of a version
   * no row names over those of the stored one. Such a result is refused before any chunk.
   */
  static final long MAX_ROW_AFTER_CHUNKS = 15L * 1024 * 1024;

  private CompletionStage<WriteOutcome> writeHoldingPermit(InvocationResult result, int ttl) {
    long timestamp = Timing.writeTimestamp(result.completedAt());
    BodyLayout body = BodyLayout.of(result, maxInlineBodyBytes, chunkBytes, objectThresholdBytes);
    if (body.chunkCount() > 0) {
      long rowBytes = rowBytesBesideTheBody(result);
      if (rowBytes > MAX_ROW_AFTER_CHUNKS) {
        return CompletableFuture.failedFuture(
            new PermanentStoreException(
                "CQL store: the fields of "
                    + result.invocationId()
                    + " other than its body take "
                    + rowBytes
                    + " bytes, more than the "
                    + MAX_ROW_AFTER_CHUNKS
                    + " a row may have (the server's maximum mutation size); refused before its"
                    + " body was written, so that a stored result's body stays readable",
                null));
      }
    }
    return writeBody(result, body, ttl, timestamp)
        .thenCompose(
            object -> {
              RowBinder.Source source = new RowBinder.Source(result, body, object);
              return session
                  .executeAsync(commit(result, source, ttl, timestamp))
                  .thenCompose(ignored -> writeLookups(result, source, ttl, timestamp));
            })
        .thenApply(ignored -> WriteOutcome.STORED);
  }

  /**
   * Adds the two lookup rows to their partitions' groups; completes when both groups are written.
   */
  private CompletionStage<Void> writeLookups(
      InvocationResult result, RowBinder.Source source, int ttl, long timestamp) {
    String invocationId = result.invocationId();
    String requestId = result.serverlessRequestId();
    long bucket = lookups.bucketStart(Lookups.floorMillis(result.completedAt()));
    long bytes = LOOKUP_ROW_OVERHEAD + utf8Length(invocationId) + utf8Length(requestId);
    CompletionStage<Void> byRequest =
        lookupGroups.add(
            new RequestPartition(requestId, bucket),
            statements.writeSkippingNulls(
                statements.insertByRequest, byRequestRow.bind(source, ttl, timestamp)),
            bytes);
    CompletionStage<Void> byTime =
        lookupGroups.add(
            new TimePartition(bucket, lookups.shard(invocationId)),
            statements.writeSkippingNulls(
                statements.insertByTime, byTimeRow.bind(source, ttl, timestamp)),
            bytes);
    return Futures.allOf(List.of(byRequest, byTime));
  }

  /** The partition key of a row of the request lookup table. */
  private record RequestPartition(String requestId, long bucket) {}

  /** The partition key of a row of the time lookup table. */
  private record TimePartition(long bucket, int shard) {}

  /**
   * Puts the body where it goes before the row: in the object store (completing with its pointer),
   * or in chunks (completing with {@code null}); nothing for an inline body.
   */
  private CompletionStage<BodyPointer> writeBody(
      InvocationResult result, BodyLayout body, int ttl, long timestamp) {
    if (body.inObjectStore()) {
      return objectStore.put(
          result.invocationId(), ObjectVersions.of(result.completedAt()), body.whole());
    }
    return writeChunks(result.invocationId(), body, ttl, timestamp).thenApply(ignored -> null);
  }

  /** About the bytes of the results row's cells other than the body (UTF-8 text, headers). */
  static long rowBytesBesideTheBody(InvocationResult result) {
    long bytes = 1024;
    bytes += utf8Length(result.invocationId()) + utf8Length(result.serverlessRequestId());
    bytes += utf8Length(result.workerName()) + utf8Length(result.workerNamespace());
    bytes += utf8Length(result.contentType()) + utf8Length(result.error());
    bytes += utf8Length(result.failureClass());
    for (Map.Entry<String, String> header : result.headers().entrySet()) {
      bytes += utf8Length(header.getKey()) + utf8Length(header.getValue()) + 8;
    }
    return bytes;
  }

  private static long utf8Length(String text) {
    if (text == null) {
      return 0;
    }
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      length += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return length;
  }

  /** The results row, with the expiry marker in the same batch when there is one. */
  private Statement<?> commit(
      InvocationResult result, RowBinder.Source source, int ttl, long timestamp) {
    BoundStatement row =
        statements.write(statements.insertResult, resultRow.bind(source, ttl, timestamp));
    Duration markerRetention = config.expiryMarkerRetention();
    if (ttl == Timing.NO_TTL || markerRetention.isZero()) {
      return row;
    }
    Instant expiresAt = result.completedAt().plus(config.retention(result.state()));
    BoundStatement marker =
        statements.write(
            statements.markStored,
            timestamp,
            Timing.extendedTtl(ttl, markerRetention),
            expiresAt,
            result.invocationId());
    return statements.batch(row, marker);
  }

  private CompletionStage<Void> writeChunks(
      String invocationId, BodyLayout body, int ttl, long timestamp) {
    return Futures.bounded(
        body.chunkCount(),
        CHUNK_CONCURRENCY,
        index ->
            session.executeAsync(
                statements.write(
                    statements.insertChunk,
                    invocationId,
                    index,
                    body.chunk(index),
                    timestamp,
                    ttl)));
  }

  private static Map<String, Function<RowBinder.Source, Object>> resultColumns() {
    Map<String, Function<RowBinder.Source, Object>> values = new HashMap<>();
    values.put(Schema.INVOCATION_ID, s -> s.result().invocationId());
    values.put(Schema.REQUEST_ID, s -> s.result().serverlessRequestId());
    values.put(Schema.MODE, s -> s.result().mode().wireValue());
    values.put(Schema.STATE, s -> s.result().state().wireValue());
    values.put(Schema.FAILURE_CLASS, s -> s.result().failureClass());
    values.put(Schema.WORKER_NAME, s -> s.result().workerName());
    values.put(Schema.WORKER_NAMESPACE, s -> s.result().workerNamespace());
    values.put(Schema.STATUS_CODE, s -> s.result().statusCode());
    values.put(Schema.CONTENT_TYPE, s -> s.result().contentType());
    values.put(Schema.HEADERS, s -> s.result().headers());
    values.put(Schema.BODY_INLINE, s -> s.body().inline());
    values.put(Schema.BODY_BYTES, s -> s.body().size());
    values.put(Schema.BODY_TRUNCATED, s -> s.body().truncated());
    values.put(Schema.ERROR, s -> s.result().error());
    values.put(Schema.STARTED_AT, s -> s.result().startedAt());
    values.put(Schema.COMPLETED_AT, s -> s.result().completedAt());
    values.put(Schema.STORED_AT, s -> s.result().storedAt());
    values.put(Schema.STARTED_AT_NS, s -> Timing.epochNanos(s.result().startedAt()));
    values.put(Schema.COMPLETED_AT_NS, s -> Timing.epochNanos(s.result().completedAt()));
    values.put(Schema.STORED_AT_NS, s -> Timing.epochNanos(s.result().storedAt()));
    values.put(Schema.BODY_CHUNKS, s -> s.body().chunkCount());
    values.put(Schema.BODY_OBJECT_BUCKET, s -> s.object() == null ? null : s.object().bucket());
    values.put(Schema.BODY_OBJECT_KEY, s -> s.object() == null ? null : s.object().key());
    values.put(Schema.BODY_OBJECT_CHECKSUM, s -> s.object() == null ? null : s.object().checksum());
    return values;
  }

  /** The columns of both lookup tables: their keys and the exact {@code completedAt}. */
  private static Map<String, Function<RowBinder.Source, Object>> lookupColumns(Lookups lookups) {
    Map<String, Function<RowBinder.Source, Object>> values = new HashMap<>();
    values.put(Schema.REQUEST_ID, s -> s.result().serverlessRequestId());
    values.put(Schema.BUCKET, s -> lookups.bucket(Lookups.floorMillis(s.result().completedAt())));
    values.put(Schema.SHARD, s -> lookups.shard(s.result().invocationId()));
    values.put(Schema.COMPLETED_AT, s -> s.result().completedAt());
    values.put(Schema.INVOCATION_ID, s -> s.result().invocationId());
    values.put(Schema.COMPLETED_AT_NS, s -> Timing.epochNanos(s.result().completedAt()));
    return values;
  }
}
