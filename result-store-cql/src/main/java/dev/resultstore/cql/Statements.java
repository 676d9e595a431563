package dev.resultstore.cql;

import static dev.resultstore.cql.Schema.BODY_BYTES;
import static dev.resultstore.cql.Schema.BODY_CHUNKS;
import static dev.resultstore.cql.Schema.BODY_INLINE;
import static dev.resultstore.cql.Schema.BUCKET;
import static dev.resultstore.cql.Schema.CHUNK_INDEX;
import static dev.resultstore.cql.Schema.COMPLETED_AT;
import static dev.resultstore.cql.Schema.DATA;
import static dev.resultstore.cql.Schema.DEAD_LETTERED_AT;
import static dev.resultstore.cql.Schema.DEAD_LETTER_CLASS;
import static dev.resultstore.cql.Schema.DEAD_LETTER_REASON;
import static dev.resultstore.cql.Schema.EXPIRES_AT;
import static dev.resultstore.cql.Schema.INVOCATION_ID;
import static dev.resultstore.cql.Schema.REQUEST_ID;
import static dev.resultstore.cql.Schema.SHARD;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Every statement the store runs, prepared once at startup. Values are always bound, never
 * concatenated. Every bound statement is idempotent (the driver may retry it on another node) and
 * carries the configured consistency level.
 *
 * <p>Values are encoded with the codec of their column's CQL type, looked up once per statement at
 * startup, and set on one builder: {@code PreparedStatement.bind(Object...)} would look a codec up
 * for every value by its Java class, and each setter of an immutable {@code BoundStatement} copies
 * it. A value of another Java type than the column's default codec takes is a programming error
 * ({@link ClassCastException}).
 */
final class Statements {
  /** What a query reads of a lookup row: the result it lists ({@link Rows#listed}). */
  static final List<String> LISTED_SELECT =
      List.of(INVOCATION_ID, COMPLETED_AT, Schema.COMPLETED_AT_NS);

  /** The columns of the results table that make a ResultSummary. */
  static final List<String> SUMMARY_SELECT =
      List.of(
          INVOCATION_ID,
          REQUEST_ID,
          COMPLETED_AT,
          Schema.COMPLETED_AT_NS,
          Schema.STARTED_AT,
          Schema.STARTED_AT_NS,
          Schema.MODE,
          Schema.STATE,
          Schema.FAILURE_CLASS,
          Schema.STATUS_CODE,
          Schema.WORKER_NAME,
          Schema.WORKER_NAMESPACE,
          BODY_BYTES,
          Schema.ERROR);

  /** The body columns {@code openBody} selects (then the row's write time). */
  static final List<String> BODY_SELECT =
      List.of(
          INVOCATION_ID,
          BODY_INLINE,
          BODY_BYTES,
          BODY_CHUNKS,
          Schema.BODY_OBJECT_BUCKET,
          Schema.BODY_OBJECT_KEY,
          Schema.BODY_OBJECT_CHECKSUM);

  /** The columns of the status table {@code status} reads. */
  static final List<String> STATUS_SELECT =
      List.of(EXPIRES_AT, DEAD_LETTER_CLASS, DEAD_LETTER_REASON, DEAD_LETTERED_AT);

  private static final String USING = " USING TIMESTAMP ? AND TTL ?";

  final PreparedStatement insertResult;
  final PreparedStatement insertChunk;
  final PreparedStatement insertByRequest;
  final PreparedStatement insertByTime;
  final PreparedStatement selectResult;
  final PreparedStatement selectSummary;
  final PreparedStatement selectBody;
  final PreparedStatement selectChunks;
  final PreparedStatement byRequestRange;
  final PreparedStatement byRequestTie;
  final PreparedStatement byTimeRange;
  final PreparedStatement byTimeTie;
  final PreparedStatement markStored;
  final PreparedStatement markDeadLettered;
  final PreparedStatement selectStatus;
  final PreparedStatement deleteResult;
  final PreparedStatement deleteChunks;
  final PreparedStatement deleteStatus;
  final PreparedStatement deleteByRequest;
  final PreparedStatement deleteByTime;

  private final ConsistencyLevel writeConsistency;
  private final ConsistencyLevel readConsistency;
  private final ProtocolVersion protocolVersion;
  private final Map<PreparedStatement, TypeCodec<Object>[]> codecs = new IdentityHashMap<>();

  private Statements(
      List<PreparedStatement> prepared,
      CqlStoreConfig config,
      CodecRegistry registry,
      ProtocolVersion protocolVersion) {
    for (PreparedStatement statement : prepared) {
      codecs.put(statement, codecs(statement.getVariableDefinitions(), registry));
    }
    this.protocolVersion = protocolVersion;
    int i = 0;
    insertResult = prepared.get(i++);
    insertChunk = prepared.get(i++);
    insertByRequest = prepared.get(i++);
    insertByTime = prepared.get(i++);
    selectResult = prepared.get(i++);
    selectSummary = prepared.get(i++);
    selectBody = prepared.get(i++);
    selectChunks = prepared.get(i++);
    byRequestRange = prepared.get(i++);
    byRequestTie = prepared.get(i++);
    byTimeRange = prepared.get(i++);
    byTimeTie = prepared.get(i++);
    markStored = prepared.get(i++);
    markDeadLettered = prepared.get(i++);
    selectStatus = prepared.get(i++);
    deleteResult = prepared.get(i++);
    deleteChunks = prepared.get(i++);
    deleteStatus = prepared.get(i++);
    deleteByRequest = prepared.get(i++);
    deleteByTime = prepared.get(i);
    writeConsistency = config.writeConsistency();
    readConsistency = config.readConsistency();
  }

  /** Prepares every statement, in parallel. */
  static CompletionStage<Statements> prepare(
      CqlSession session, Schema schema, CqlStoreConfig config) {
    List<CompletableFuture<PreparedStatement>> futures = new ArrayList<>();
    for (String cql : cql(schema)) {
      futures.add(
          session
              .prepareAsync(SimpleStatement.newInstance(cql).setIdempotent(true))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored ->
                new Statements(
                    futures.stream().map(CompletableFuture::join).toList(),
                    config,
                    session.getContext().getCodecRegistry(),
                    session.getContext().getProtocolVersion()));
  }

  // A generic array cannot be created: the raw array is filled with the registry's codecs only.
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeCodec<Object>[] codecs(ColumnDefinitions variables, CodecRegistry registry) {
    TypeCodec<Object>[] codecs = new TypeCodec[variables.size()];
    for (int i = 0; i < variables.size(); i++) {
      codecs[i] = registry.codecFor(variables.get(i).getType());
    }
    return codecs;
  }

  /** The statements' CQL, in the order of the fields. */
  static List<String> cql(Schema schema) {
    String results = schema.qualified(schema.results());
    String bodies = schema.qualified(schema.bodies());
    String byRequest = schema.qualified(schema.byRequest());
    String byTime = schema.qualified(schema.byTime());
    String status = schema.qualified(schema.status());
    String deleteUsing = " USING TIMESTAMP ? WHERE ";
    String lookupKey = " AND completed_at = ? AND invocation_id = ?";
    String lookupColumns = String.join(", ", LISTED_SELECT);
    String resultColumns = Schema.names(schema.results().columns());
    return List.of(
        insert(results, schema.results().columns()),
        insert(bodies, schema.bodies().columns()),
        insert(byRequest, schema.byRequest().columns()),
        insert(byTime, schema.byTime().columns()),
        "SELECT "
            + resultColumns
            + ", WRITETIME("
            + COMPLETED_AT
            + ") FROM "
            + results
            + " WHERE invocation_id = ?",
        "SELECT "
            + String.join(", ", SUMMARY_SELECT)
            + " FROM "
            + results
            + " WHERE invocation_id = ?",
        "SELECT "
            + String.join(", ", BODY_SELECT)
            + ", WRITETIME("
            + COMPLETED_AT
            + ") FROM "
            + results
            + " WHERE invocation_id = ?",
        "SELECT "
            + CHUNK_INDEX
            + ", "
            + DATA
            + ", WRITETIME("
            + DATA
            + ") FROM "
            + bodies
            + " WHERE invocation_id = ? AND chunk_index >= ? AND chunk_index < ?",
        "SELECT "
            + lookupColumns
            + " FROM "
            + byRequest
            + " WHERE serverless_request_id = ? AND bucket = ?"
            + " AND completed_at >= ? AND completed_at < ?",
        "SELECT "
            + lookupColumns
            + " FROM "
            + byRequest
            + " WHERE serverless_request_id = ? AND bucket = ?"
            + " AND completed_at = ? AND invocation_id > ?",
        "SELECT "
            + lookupColumns
            + " FROM "
            + byTime
            + " WHERE "
            + BUCKET
            + " = ? AND "
            + SHARD
            + " = ? AND completed_at >= ? AND completed_at < ?",
        "SELECT "
            + lookupColumns
            + " FROM "
            + byTime
            + " WHERE "
            + BUCKET
            + " = ? AND "
            + SHARD
            + " = ? AND completed_at = ? AND invocation_id > ?",
        "UPDATE " + status + USING + " SET " + EXPIRES_AT + " = ? WHERE invocation_id = ?",
        "UPDATE "
            + status
            + USING
            + " SET "
            + DEAD_LETTER_CLASS
            + " = ?, "
            + DEAD_LETTER_REASON
            + " = ?, "
            + DEAD_LETTERED_AT
            + " = ? WHERE invocation_id = ?",
        "SELECT "
            + String.join(", ", STATUS_SELECT)
            + " FROM "
            + status
            + " WHERE invocation_id = ?",
        "DELETE FROM " + results + deleteUsing + "invocation_id = ?",
        "DELETE FROM " + bodies + deleteUsing + "invocation_id = ?",
        "DELETE FROM " + status + deleteUsing + "invocation_id = ?",
        "DELETE FROM "
            + byRequest
            + deleteUsing
            + "serverless_request_id = ? AND bucket = ?"
            + lookupKey,
        "DELETE FROM " + byTime + deleteUsing + BUCKET + " = ? AND " + SHARD + " = ?" + lookupKey);
  }

  private static String insert(String table, List<Schema.Column> columns) {
    return "INSERT INTO "
        + table
        + " ("
        + Schema.names(columns)
        + ") VALUES ("
        + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
        + ")"
        + USING;
  }

  /** A write of {@code values}; {@code null} values are bound as null (they overwrite). */
  BoundStatement write(PreparedStatement statement, Object... values) {
    return bind(statement, values, false).setConsistencyLevel(writeConsistency).build();
  }

  /**
   * The results row and its expiry marker as one unlogged batch: one partition key, so one mutation
   * on the same replicas, in one round trip (no batch log).
   */
  BatchStatement batch(BoundStatement resultRow, BoundStatement marker) {
    return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, resultRow, marker)
        .setConsistencyLevel(writeConsistency)
        .setIdempotent(true);
  }

  /**
   * The lookup rows of one partition as one statement: the row itself when it is alone, else an
   * unlogged batch, which the server applies as one mutation (no batch log: every row is in the
   * same partition, so the batch is atomic and isolated without it).
   */
  Statement<?> lookupGroup(List<BoundStatement> rows) {
    if (rows.size() == 1) {
      return rows.get(0);
    }
    return BatchStatement.newInstance(
            DefaultBatchType.UNLOGGED, rows.toArray(BoundStatement[]::new))
        .setConsistencyLevel(writeConsistency)
        .setIdempotent(true);
  }

  /**
   * A write of {@code values} where {@code null} values are left unset: no tombstone is written for
   * them. Only for rows whose key changes with any change of content (lookup rows).
   */
  BoundStatement writeSkippingNulls(PreparedStatement statement, Object... values) {
    return bind(statement, values, true).setConsistencyLevel(writeConsistency).build();
  }

  /**
   * A read of the one row of a partition of the results table. No page size is set: a page size of
   * one would make the server attach a paging state to every answer, as it cannot tell that no
   * second row follows.
   */
  BoundStatement pointRead(PreparedStatement statement, Object... values) {
    return bind(statement, values, false).setConsistencyLevel(readConsistency).build();
  }

  /**
   * The store's probe: a read of a row that does not exist, at the consistency of the writes (its
   * read form: {@code ANY} reads at {@code ONE}, {@code EACH_QUORUM} at {@code QUORUM}), so that it
   * fails while too few replicas are up for a write and succeeds once they are.
   */
  BoundStatement probe() {
    ConsistencyLevel level = writeConsistency;
    if (level == DefaultConsistencyLevel.ANY) {
      level = DefaultConsistencyLevel.ONE;
    } else if (level == DefaultConsistencyLevel.EACH_QUORUM) {
      level = DefaultConsistencyLevel.QUORUM;
    }
    return bind(selectSummary, new Object[] {PROBE_ID}, false).setConsistencyLevel(level).build();
  }

  /** The invocation id the probe reads: never a real one (no {@code inv-} prefix, spaces). */
  static final String PROBE_ID = "result-store probe";

  /** A read of {@code values}, {@code pageSize} rows per page. */
  BoundStatement read(PreparedStatement statement, int pageSize, Object... values) {
    return bind(statement, values, false)
        .setConsistencyLevel(readConsistency)
        .setPageSize(pageSize)
        .build();
  }

  private BoundStatementBuilder bind(
      PreparedStatement statement, Object[] values, boolean skipNulls) {
    TypeCodec<Object>[] codecs = this.codecs.get(statement);
    if (codecs == null || values.length != codecs.length) {
      throw new IllegalArgumentException(
          "expected "
              + (codecs == null ? "a statement of this store" : codecs.length + " values")
              + " for "
              + statement.getQuery()
              + ", got "
              + values.length);
    }
    BoundStatementBuilder builder = statement.boundStatementBuilder().setIdempotence(true);
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value != null) {
        builder.setBytesUnsafe(i, codecs[i].encode(value, protocolVersion));
      } else if (!skipNulls) {
        builder.setBytesUnsafe(i, (ByteBuffer) null);
      }
    }
    return builder;
  }
}
