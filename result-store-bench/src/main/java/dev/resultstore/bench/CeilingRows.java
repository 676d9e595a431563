package dev.resultstore.bench;

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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The rows {@code CqlResultStore} writes for one result (chunks, results row, two lookup rows) as
 * plain prepared {@code INSERT}s with the same values, write timestamp and TTL, bound as cheaply as
 * the store binds. The columns are read from the store's tables; one this class cannot fill fails
 * the bench, so it cannot drift from the store silently.
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
    bindings.put(results, new Binding(results, columnValues(false), registry));
    bindings.put(bodies, new Binding(bodies, columnValues(false), registry));
    bindings.put(byRequest, new Binding(byRequest, columnValues(true), registry));
    bindings.put(byTime, new Binding(byTime, columnValues(true), registry));
    this.protocolVersion = cql.session().getContext().getProtocolVersion();
  }

  private PreparedStatement prepare(String table) {
    List<String> columns = cql.columns(config.keyspace(), table);
    String cql =
        "INSERT INTO "
            + RawCql.table(config.keyspace(), table)
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
    return statements(result, now, false);
  }

  /** The same, the results row's null columns left unset when {@code rowNullsUnset}. */
  Rows statements(InvocationResult result, Instant now, boolean rowNullsUnset) {
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
    Values values = new Values(result, body, inline, chunks);
    List<BoundStatement> chunkStatements = new ArrayList<>(chunks);
    for (int index = 0; index < chunks; index++) {
      values.chunkIndex = index;
      chunkStatements.add(bind(bodies, values, timestamp, ttl, false));
    }
    BoundStatement resultRow = bind(results, values, timestamp, ttl, rowNullsUnset);
    BoundStatement requestLookup = bind(byRequest, values, timestamp, ttl, true);
    BoundStatement timeLookup = bind(byTime, values, timestamp, ttl, true);
    return new Rows(chunkStatements, resultRow, List.of(requestLookup, timeLookup));
  }

  /**
   * The writes of one result, in the store's order: the body chunks (in parallel), then the results
   * row, then the lookup rows (in parallel).
   */
  record Rows(List<BoundStatement> chunks, BoundStatement row, List<BoundStatement> lookups) {}

  /** What the values of one result's statements are computed from. */
  private static final class Values {
    final InvocationResult result;
    final byte[] body;
    final boolean inline;
    final int chunks;
    int chunkIndex;

    Values(InvocationResult result, byte[] body, boolean inline, int chunks) {
      this.result = result;
      this.body = body;
      this.inline = inline;
      this.chunks = chunks;
    }
  }

  /**
   * The value of each column by name; the results row and the lookup rows share the summary
   * columns, except {@code completed_at} (to the millisecond in the lookup rows).
   */
  private Map<String, Function<Values, Object>> columnValues(boolean lookup) {
    Map<String, Function<Values, Object>> columns = new HashMap<>();
    columns.put("invocation_id", v -> v.result.invocationId());
    columns.put("serverless_request_id", v -> v.result.serverlessRequestId());
    columns.put("mode", v -> v.result.mode().wireValue());
    columns.put("state", v -> v.result.state().wireValue());
    columns.put("failure_class", v -> v.result.failureClass());
    columns.put("worker_name", v -> v.result.workerName());
    columns.put("worker_namespace", v -> v.result.workerNamespace());
    columns.put("status_code", v -> v.result.statusCode());
    columns.put("body_bytes", v -> v.result.bodyBytes());
    columns.put("error", v -> v.result.error());
    columns.put("started_at", v -> v.result.startedAt());
    columns.put("started_at_ns", v -> epochNanos(v.result.startedAt()));
    columns.put("completed_at_ns", v -> epochNanos(v.result.completedAt()));
    if (lookup) {
      long bucketMillis = config.lookupBucket().toMillis();
      columns.put("completed_at", v -> Instant.ofEpochMilli(v.result.completedAt().toEpochMilli()));
      columns.put(
          "bucket",
          v ->
              Instant.ofEpochMilli(
                  Math.floorDiv(v.result.completedAt().toEpochMilli(), bucketMillis)
                      * bucketMillis));
      columns.put("shard", v -> shard(v.result.invocationId(), config.timeShards()));
    } else {
      columns.put("completed_at", v -> v.result.completedAt());
      columns.put("content_type", v -> v.result.contentType());
      columns.put("headers", v -> v.result.headers());
      columns.put("body_inline", v -> v.inline ? ByteBuffer.wrap(v.body) : null);
      columns.put("body_truncated", v -> v.chunks > 0);
      // the ceiling replays the CQL-only store: no body goes to an object store
      columns.put("body_object_bucket", v -> null);
      columns.put("body_object_key", v -> null);
      columns.put("body_object_checksum", v -> null);
      columns.put("stored_at", v -> v.result.storedAt());
      columns.put("stored_at_ns", v -> epochNanos(v.result.storedAt()));
      columns.put("body_chunks", v -> v.chunks);
      columns.put("chunk_index", v -> v.chunkIndex);
      columns.put(
          "data",
          v -> {
            int offset = v.chunkIndex * config.chunkBytes();
            return ByteBuffer.wrap(
                    v.body, offset, Math.min(config.chunkBytes(), v.body.length - offset))
                .slice();
          });
    }
    return columns;
  }

  private BoundStatement bind(
      PreparedStatement statement, Values values, long timestamp, int ttl, boolean skipNulls) {
    Binding binding = bindings.get(statement);
    int columns = binding.values.length;
    BoundStatementBuilder builder =
        statement.boundStatementBuilder().setConsistencyLevel(consistency).setIdempotence(true);
    for (int i = 0; i < columns; i++) {
      Object value = binding.values[i].apply(values);
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

  /** The value function and codec of each of one statement's variables, resolved once. */
  private static final class Binding {
    final Function<Values, Object>[] values;
    final TypeCodec<Object>[] codecs;

    @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays of the driver's codecs
    Binding(
        PreparedStatement statement,
        Map<String, Function<Values, Object>> columnValues,
        CodecRegistry registry) {
      ColumnDefinitions variables = statement.getVariableDefinitions();
      values = new Function[variables.size() - 2];
      codecs = new TypeCodec[variables.size()];
      for (int i = 0; i < variables.size(); i++) {
        if (i < values.length) {
          String name = variables.get(i).getName().asInternal();
          values[i] = columnValues.get(name);
          if (values[i] == null) {
            throw new BenchException(
                "the ceiling does not know how to fill column "
                    + name
                    + " of "
                    + statement.getQuery()
                    + "; CeilingRows must be updated to match the store",
                null);
          }
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
