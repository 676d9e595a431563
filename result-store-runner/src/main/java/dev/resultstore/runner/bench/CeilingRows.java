package dev.resultstore.runner.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.cql.CqlStoreConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The rows {@code CqlResultStore} writes for one result, as plain prepared {@code INSERT}s with the
 * same columns, values, write timestamp ({@code completedAt} in microseconds) and TTL ({@code
 * completedAt + retention - now}), bound as the store binds them (each value encoded with the codec
 * of its column's type, resolved once: the cheapest binding the driver offers): the body chunks
 * (bodies over {@code maxInlineBodyBytes}), the results row, and the two lookup rows. The column
 * lists are read from the tables the store created; a column this class cannot fill fails the bench
 * at once, so it cannot drift from the store silently.
 */
final class CeilingRows {
  private final RawCql cql;
  private final CqlStoreConfig config;
  private final PreparedStatement results;
  private final PreparedStatement bodies;
  private final PreparedStatement byRequest;
  private final PreparedStatement byTime;
  private final ConsistencyLevel consistency;
  private final Map<PreparedStatement, Binding> bindings = new IdentityHashMap<>();
  private final ProtocolVersion protocolVersion;

  /**
   * Prepares the {@code INSERT}s into the tables of {@code config.keyspace()}, which must exist.
   */
  CeilingRows(RawCql cql, CqlStoreConfig config) {
    this.cql = cql;
    this.config = config;
    this.results = prepare(config.resultsTable());
    this.bodies = prepare(config.bodiesTable());
    this.byRequest = prepare(config.requestLookupTable());
    this.byTime = prepare(config.timeLookupTable());
    this.consistency = config.writeConsistency();
    CodecRegistry registry = cql.session().getContext().getCodecRegistry();
    for (PreparedStatement statement : List.of(results, bodies, byRequest, byTime)) {
      bindings.put(statement, new Binding(statement, registry));
    }
    this.protocolVersion = cql.session().getContext().getProtocolVersion();
  }

  private PreparedStatement prepare(String table) {
    List<String> columns = cql.columns(config.keyspace(), table);
    String cql =
        "INSERT INTO "
            + CqlIdentifier.fromInternal(config.keyspace()).asCql(true)
            + "."
            + CqlIdentifier.fromInternal(table).asCql(true)
            + " ("
            + columns.stream()
                .map(name -> CqlIdentifier.fromInternal(name).asCql(true))
                .collect(Collectors.joining(", "))
            + ") VALUES ("
            + columns.stream().map(name -> "?").collect(Collectors.joining(", "))
            + ") USING TIMESTAMP ? AND TTL ?";
    return this.cql.session().prepare(SimpleStatement.newInstance(cql).setIdempotent(true));
  }

  /**
   * The statements of {@code result} at {@code now}, in the store's three phases; {@code null} when
   * it is past its retention.
   */
  Rows statements(InvocationResult result, Instant now) {
    int ttl = ttlSeconds(result.completedAt(), now);
    if (ttl < 0) {
      return null;
    }
    long timestamp =
        result.completedAt().getEpochSecond() * 1_000_000L + result.completedAt().getNano() / 1_000;
    byte[] body = result.body() == null ? null : result.body().toByteArray();
    boolean inline = body != null && body.length <= config.maxInlineBodyBytes();
    int chunks =
        body == null || inline
            ? 0
            : (int) ((body.length + (long) config.chunkBytes() - 1) / config.chunkBytes());
    List<BoundStatement> chunkStatements = new ArrayList<>(chunks);
    for (int index = 0; index < chunks; index++) {
      int offset = index * config.chunkBytes();
      Map<String, Object> chunk = new HashMap<>();
      chunk.put("invocation_id", result.invocationId());
      chunk.put("chunk_index", index);
      chunk.put(
          "data",
          ByteBuffer.wrap(body, offset, Math.min(config.chunkBytes(), body.length - offset))
              .slice());
      chunkStatements.add(bind(bodies, chunk, timestamp, ttl, false));
    }
    Map<String, Object> row = new HashMap<>(summary(result));
    row.put("content_type", result.contentType());
    row.put("headers", result.headers());
    row.put("body_inline", inline ? ByteBuffer.wrap(body) : null);
    row.put("body_truncated", chunks > 0);
    row.put("stored_at", result.storedAt());
    row.put("stored_at_ns", epochNanos(result.storedAt()));
    row.put("body_chunks", chunks);
    row.put("completed_at", result.completedAt());
    BoundStatement resultRow = bind(results, row, timestamp, ttl, false);
    long millis = result.completedAt().toEpochMilli();
    long bucketMillis = config.lookupBucket().toMillis();
    Map<String, Object> lookup = new HashMap<>(summary(result));
    lookup.put("bucket", Instant.ofEpochMilli(Math.floorDiv(millis, bucketMillis) * bucketMillis));
    lookup.put("completed_at", Instant.ofEpochMilli(millis));
    BoundStatement requestLookup = bind(byRequest, lookup, timestamp, ttl, true);
    lookup.put("shard", shard(result.invocationId(), config.timeShards()));
    BoundStatement timeLookup = bind(byTime, lookup, timestamp, ttl, true);
    return new Rows(chunkStatements, resultRow, List.of(requestLookup, timeLookup));
  }

  /**
   * The writes of one result, in the store's order: the body chunks (in parallel), then the results
   * row, then the lookup rows (in parallel).
   */
  record Rows(List<BoundStatement> chunks, BoundStatement row, List<BoundStatement> lookups) {}

  /** The columns shared by the results row and the lookup rows. */
  private static Map<String, Object> summary(InvocationResult result) {
    Map<String, Object> values = new HashMap<>();
    values.put("invocation_id", result.invocationId());
    values.put("serverless_request_id", result.serverlessRequestId());
    values.put("mode", result.mode().wireValue());
    values.put("state", result.state().wireValue());
    values.put("failure_class", result.failureClass());
    values.put("worker_name", result.workerName());
    values.put("worker_namespace", result.workerNamespace());
    values.put("status_code", result.statusCode());
    values.put("body_bytes", result.bodyBytes());
    values.put("error", result.error());
    values.put("started_at", result.startedAt());
    values.put("started_at_ns", epochNanos(result.startedAt()));
    values.put("completed_at_ns", epochNanos(result.completedAt()));
    return values;
  }

  private BoundStatement bind(
      PreparedStatement statement,
      Map<String, Object> values,
      long timestamp,
      int ttl,
      boolean skipNulls) {
    Binding binding = bindings.get(statement);
    int columns = binding.names.length;
    BoundStatementBuilder builder =
        statement.boundStatementBuilder().setConsistencyLevel(consistency).setIdempotence(true);
    for (int i = 0; i < columns; i++) {
      String name = binding.names[i];
      if (!values.containsKey(name)) {
        throw new BenchException(
            "the ceiling does not know how to fill column "
                + name
                + " of "
                + statement.getQuery()
                + "; CeilingRows must be updated to match the store",
            null);
      }
      Object value = values.get(name);
      if (value != null) {
        builder.setBytesUnsafe(i, binding.codecs[i].encode(value, protocolVersion));
      } else if (!skipNulls) {
        builder.setBytesUnsafe(i, (ByteBuffer) null);
      }
    }
    builder.setBytesUnsafe(columns, binding.codecs[columns].encode(timestamp, protocolVersion));
    builder.setBytesUnsafe(columns + 1, binding.codecs[columns + 1].encode(ttl, protocolVersion));
    return builder.build();
  }

  /** The column names and codecs of one statement's variables, resolved once. */
  private static final class Binding {
    final String[] names;
    final TypeCodec<Object>[] codecs;

    @SuppressWarnings("unchecked")
    Binding(PreparedStatement statement, CodecRegistry registry) {
      ColumnDefinitions variables = statement.getVariableDefinitions();
      names = new String[variables.size() - 2];
      codecs = new TypeCodec[variables.size()];
      for (int i = 0; i < variables.size(); i++) {
        if (i < names.length) {
          names[i] = variables.get(i).getName().asInternal();
        }
        codecs[i] = registry.codecFor(variables.get(i).getType());
      }
    }
  }

  /** {@code completedAt + retention - now} in whole seconds rounded up; 0 = no TTL; -1 expired. */
  private int ttlSeconds(Instant completedAt, Instant now) {
    Duration retention = config.retention();
    if (retention.isZero()) {
      return 0;
    }
    Duration left = Duration.between(now, completedAt.plus(retention));
    if (left.isNegative() || left.isZero()) {
      return -1;
    }
    long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    return (int) Math.min(seconds, 630_720_000L);
  }

  private static Long epochNanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static int shard(String invocationId, int shards) {
    CRC32 crc = new CRC32();
    crc.update(invocationId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }
}
