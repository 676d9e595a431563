package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.WriteOutcome;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of one result: no read, three statements in two round trips (plus the body
 * chunks). In order:
 *
 * <ol>
 *   <li>Write the body chunks (when the body is over the inline limit), at most {@value
 *       #CHUNK_CONCURRENCY} at a time.
 *   <li>Write the results row: the commit point. A reader that sees it finds its whole body.
 *   <li>Write the two lookup rows, in parallel: a query never lists a result whose row is not
 *       there.
 * </ol>
 *
 * <p>Every statement carries the result's {@code completedAt} as write timestamp and the same TTL
 * (see {@link Timing}), so of two completions of one invocation the later one wins cell by cell
 * whatever their arrival order, without a read: a late older result's cells lose against the stored
 * ones. Its lookup rows, under other keys, stay until they expire; queries check every listed row
 * against the results row and drop such stale ones ({@link PageMerger}). A failure at any step
 * fails the write; redelivering the result repeats every step, which is idempotent.
 */
final class ResultWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);

  /** Chunk writes of one result in flight at once. */
  static final int CHUNK_CONCURRENCY = 4;

  private final CqlSession session;
  private final Statements statements;
  private final Schema schema;
  private final Lookups lookups;
  private final Timing timing;
  private final Clock clock;
  private final WritePermits permits;
  private final int maxInlineBodyBytes;
  private final int chunkBytes;

  ResultWriter(
      CqlSession session,
      Statements statements,
      Schema schema,
      CqlStoreConfig config,
      Lookups lookups,
      Clock clock) {
    this.session = session;
    this.statements = statements;
    this.schema = schema;
    this.lookups = lookups;
    this.timing = new Timing(config.retention());
    this.clock = clock;
    this.permits = new WritePermits(config.maxInFlightWrites(), 4 * config.maxInFlightWrites());
    this.maxInlineBodyBytes = config.maxInlineBodyBytes();
    this.chunkBytes = config.chunkBytes();
  }

  WritePermits permits() {
    return permits;
  }

  CompletionStage<WriteOutcome> write(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    String operation = "writing the result of " + result.invocationId();
    int ttl = timing.ttlSeconds(result.completedAt(), clock.instant());
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

  private CompletionStage<WriteOutcome> writeHoldingPermit(InvocationResult result, int ttl) {
    long timestamp = Timing.writeTimestamp(result.completedAt());
    BodyLayout body = BodyLayout.of(result, maxInlineBodyBytes, chunkBytes);
    return writeChunks(result.invocationId(), body, ttl, timestamp)
        .thenCompose(ignored -> session.executeAsync(resultRow(result, body, ttl, timestamp)))
        .thenCompose(
            ignored ->
                Futures.allOf(
                    List.of(
                        session.executeAsync(byRequestRow(result, ttl, timestamp)),
                        session.executeAsync(byTimeRow(result, ttl, timestamp)))))
        .thenApply(ignored -> WriteOutcome.STORED);
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

  private BoundStatement resultRow(
      InvocationResult result, BodyLayout body, int ttl, long timestamp) {
    Map<String, Object> values = new HashMap<>();
    values.put(Schema.INVOCATION_ID, result.invocationId());
    values.put(Schema.REQUEST_ID, result.serverlessRequestId());
    values.put(Schema.MODE, result.mode().wireValue());
    values.put(Schema.STATE, result.state().wireValue());
    values.put(Schema.FAILURE_CLASS, result.failureClass());
    values.put(Schema.WORKER_NAME, result.workerName());
    values.put(Schema.WORKER_NAMESPACE, result.workerNamespace());
    values.put(Schema.STATUS_CODE, result.statusCode());
    values.put(Schema.CONTENT_TYPE, result.contentType());
    values.put(Schema.HEADERS, result.headers());
    values.put(Schema.BODY_INLINE, body.inline());
    values.put(Schema.BODY_BYTES, body.size());
    values.put(Schema.BODY_TRUNCATED, body.chunkCount() > 0);
    values.put(Schema.ERROR, result.error());
    values.put(Schema.STARTED_AT, result.startedAt());
    values.put(Schema.COMPLETED_AT, result.completedAt());
    values.put(Schema.STORED_AT, result.storedAt());
    values.put(Schema.STARTED_AT_NS, Timing.epochNanos(result.startedAt()));
    values.put(Schema.COMPLETED_AT_NS, Timing.epochNanos(result.completedAt()));
    values.put(Schema.STORED_AT_NS, Timing.epochNanos(result.storedAt()));
    values.put(Schema.BODY_CHUNKS, body.chunkCount());
    return statements.write(
        statements.insertResult, bind(schema.results(), values, ttl, timestamp));
  }

  private BoundStatement byRequestRow(InvocationResult result, int ttl, long timestamp) {
    Map<String, Object> values = summaryValues(result);
    return statements.writeSkippingNulls(
        statements.insertByRequest, bind(schema.byRequest(), values, ttl, timestamp));
  }

  private BoundStatement byTimeRow(InvocationResult result, int ttl, long timestamp) {
    Map<String, Object> values = summaryValues(result);
    values.put(Schema.SHARD, lookups.shard(result.invocationId()));
    return statements.writeSkippingNulls(
        statements.insertByTime, bind(schema.byTime(), values, ttl, timestamp));
  }

  private Map<String, Object> summaryValues(InvocationResult result) {
    long millis = Lookups.floorMillis(result.completedAt());
    Map<String, Object> values = new HashMap<>();
    values.put(Schema.REQUEST_ID, result.serverlessRequestId());
    values.put(Schema.BUCKET, lookups.bucket(millis));
    values.put(Schema.COMPLETED_AT, result.completedAt());
    values.put(Schema.INVOCATION_ID, result.invocationId());
    values.put(Schema.COMPLETED_AT_NS, Timing.epochNanos(result.completedAt()));
    values.put(Schema.STARTED_AT, result.startedAt());
    values.put(Schema.STARTED_AT_NS, Timing.epochNanos(result.startedAt()));
    values.put(Schema.MODE, result.mode().wireValue());
    values.put(Schema.STATE, result.state().wireValue());
    values.put(Schema.FAILURE_CLASS, result.failureClass());
    values.put(Schema.STATUS_CODE, result.statusCode());
    values.put(Schema.WORKER_NAME, result.workerName());
    values.put(Schema.WORKER_NAMESPACE, result.workerNamespace());
    values.put(Schema.BODY_BYTES, result.bodyBytes());
    values.put(Schema.ERROR, result.error());
    return values;
  }

  /** The values in the table's column order, then the write timestamp and the TTL. */
  private static Object[] bind(
      Schema.Table table, Map<String, Object> values, int ttl, long timestamp) {
    List<Schema.Column> columns = table.columns();
    Object[] bound = new Object[columns.size() + 2];
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      if (!values.containsKey(name)) {
        throw new IllegalStateException("no value for column " + name);
      }
      bound[i] = values.get(name);
    }
    bound[columns.size()] = timestamp;
    bound[columns.size() + 1] = ttl;
    return bound;
  }
}
