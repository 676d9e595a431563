package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The keyspace and the five tables the store needs, as CQL statements and as column lists to check
 * an existing schema against. The statements here are exactly what the store issues.
 */
final class Schema {
  // Columns of the results table named by the Go side's contract.
  static final String INVOCATION_ID = "invocation_id";
  static final String REQUEST_ID = "serverless_request_id";
  static final String MODE = "mode";
  static final String STATE = "state";
  static final String FAILURE_CLASS = "failure_class";
  static final String WORKER_NAME = "worker_name";
  static final String WORKER_NAMESPACE = "worker_namespace";
  static final String STATUS_CODE = "status_code";
  static final String CONTENT_TYPE = "content_type";
  static final String HEADERS = "headers";
  static final String BODY_INLINE = "body_inline";
  static final String BODY_BYTES = "body_bytes";
  static final String BODY_TRUNCATED = "body_truncated";
  static final String ERROR = "error";
  static final String STARTED_AT = "started_at";
  static final String COMPLETED_AT = "completed_at";
  static final String STORED_AT = "stored_at";
  // Our extra columns: exact instants (epoch nanoseconds) and the chunk count of a large body.
  static final String STARTED_AT_NS = "started_at_ns";
  static final String COMPLETED_AT_NS = "completed_at_ns";
  static final String STORED_AT_NS = "stored_at_ns";
  static final String BODY_CHUNKS = "body_chunks";
  // The pointer to a body kept in an object store (the size is body_bytes).
  static final String BODY_OBJECT_BUCKET = "body_object_bucket";
  static final String BODY_OBJECT_KEY = "body_object_key";
  static final String BODY_OBJECT_CHECKSUM = "body_object_checksum";
  // Body chunks and lookups.
  static final String CHUNK_INDEX = "chunk_index";
  static final String DATA = "data";
  static final String BUCKET = "bucket";
  static final String SHARD = "shard";
  // The status table: expiry markers and dead-letter records.
  static final String EXPIRES_AT = "expires_at";
  static final String DEAD_LETTER_CLASS = "dead_letter_class";
  static final String DEAD_LETTER_REASON = "dead_letter_reason";
  static final String DEAD_LETTERED_AT = "dead_lettered_at";

  /** {@code gc_grace_seconds} of tables whose data expires: 3 hours, the default hint window. */
  static final int GC_GRACE_SECONDS = 10_800;

  /** One column: its name and CQL type. */
  record Column(String name, DataType type) {
    String definition() {
      return name + " " + type.asCql(true, true);
    }
  }

  /** One table: its key columns, its other columns, and the options it is created with. */
  record Table(
      String name,
      List<Column> partitionKey,
      List<Column> clustering,
      Map<String, ClusteringOrder> clusteringOrder,
      List<Column> regular,
      String options) {

    List<Column> columns() {
      List<Column> all = new ArrayList<>(partitionKey);
      all.addAll(clustering);
      all.addAll(regular);
      return all;
    }
  }

  private final String keyspace;
  private final String keyspaceCql;
  private final Table results;
  private final Table bodies;
  private final Table byRequest;
  private final Table byTime;
  private final Table status;

  Schema(CqlStoreConfig config) {
    keyspace = config.keyspace();
    keyspaceCql = createKeyspace(config);
    String options = tableOptions(config.retention());
    String clusteredOptions =
        "CLUSTERING ORDER BY (completed_at DESC, invocation_id ASC)"
            + (options.isEmpty() ? "" : "\n  AND " + options);
    results =
        new Table(
            config.resultsTable(),
            List.of(col(INVOCATION_ID, DataTypes.TEXT)),
            List.of(),
            Map.of(),
            List.of(
                col(REQUEST_ID, DataTypes.TEXT),
                col(MODE, DataTypes.TEXT),
                col(STATE, DataTypes.TEXT),
                col(FAILURE_CLASS, DataTypes.TEXT),
                col(WORKER_NAME, DataTypes.TEXT),
                col(WORKER_NAMESPACE, DataTypes.TEXT),
                col(STATUS_CODE, DataTypes.INT),
                col(CONTENT_TYPE, DataTypes.TEXT),
                col(HEADERS, DataTypes.mapOf(DataTypes.TEXT, DataTypes.TEXT)),
                col(BODY_INLINE, DataTypes.BLOB),
                col(BODY_BYTES, DataTypes.BIGINT),
                col(BODY_TRUNCATED, DataTypes.BOOLEAN),
                col(ERROR, DataTypes.TEXT),
                col(STARTED_AT, DataTypes.TIMESTAMP),
                col(COMPLETED_AT, DataTypes.TIMESTAMP),
                col(STORED_AT, DataTypes.TIMESTAMP),
                col(STARTED_AT_NS, DataTypes.BIGINT),
                col(COMPLETED_AT_NS, DataTypes.BIGINT),
                col(STORED_AT_NS, DataTypes.BIGINT),
                col(BODY_CHUNKS, DataTypes.INT),
                col(BODY_OBJECT_BUCKET, DataTypes.TEXT),
                col(BODY_OBJECT_KEY, DataTypes.TEXT),
                col(BODY_OBJECT_CHECKSUM, DataTypes.TEXT)),
            options);
    bodies =
        new Table(
            config.bodiesTable(),
            List.of(col(INVOCATION_ID, DataTypes.TEXT)),
            List.of(col(CHUNK_INDEX, DataTypes.INT)),
            Map.of(CHUNK_INDEX, ClusteringOrder.ASC),
            List.of(col(DATA, DataTypes.BLOB)),
            options);
    byRequest =
        new Table(
            config.requestLookupTable(),
            List.of(col(REQUEST_ID, DataTypes.TEXT), col(BUCKET, DataTypes.TIMESTAMP)),
            lookupClustering(),
            lookupOrder(),
            lookupColumns(),
            clusteredOptions);
    byTime =
        new Table(
            config.timeLookupTable(),
            List.of(col(BUCKET, DataTypes.TIMESTAMP), col(SHARD, DataTypes.INT)),
            lookupClustering(),
            lookupOrder(),
            lookupColumns(),
            clusteredOptions);
    status =
        new Table(
            config.statusTable(),
            List.of(col(INVOCATION_ID, DataTypes.TEXT)),
            List.of(),
            Map.of(),
            List.of(
                col(EXPIRES_AT, DataTypes.TIMESTAMP),
                col(DEAD_LETTER_CLASS, DataTypes.TEXT),
                col(DEAD_LETTER_REASON, DataTypes.TEXT),
                col(DEAD_LETTERED_AT, DataTypes.TIMESTAMP)),
            options);
  }

  String keyspace() {
    return keyspace;
  }

  Table results() {
    return results;
  }

  Table bodies() {
    return bodies;
  }

  Table byRequest() {
    return byRequest;
  }

  Table byTime() {
    return byTime;
  }

  /** Expiry markers and dead-letter records, one row per invocation. */
  Table status() {
    return status;
  }

  List<Table> tables() {
    return List.of(results, bodies, byRequest, byTime, status);
  }

  /** {@code keyspace.table}. */
  String qualified(Table table) {
    return keyspace + "." + table.name();
  }

  String createKeyspaceCql() {
    return keyspaceCql;
  }

  String createTableCql(Table table) {
    StringBuilder cql = new StringBuilder();
    cql.append("CREATE TABLE IF NOT EXISTS ").append(qualified(table)).append(" (\n");
    for (Column column : table.columns()) {
      cql.append("  ").append(column.definition()).append(",\n");
    }
    String partition = names(table.partitionKey());
    if (table.partitionKey().size() > 1) {
      partition = "(" + partition + ")";
    }
    cql.append("  PRIMARY KEY (").append(partition);
    for (Column column : table.clustering()) {
      cql.append(", ").append(column.name());
    }
    cql.append(")\n)");
    if (!table.options().isEmpty()) {
      cql.append(" WITH ").append(table.options());
    }
    return cql.toString();
  }

  String addColumnCql(Table table, Column column) {
    return "ALTER TABLE " + qualified(table) + " ADD " + column.definition();
  }

  /**
   * TimeWindowCompactionStrategy when results expire: every row is written with a TTL counted from
   * its {@code completedAt} and with {@code completedAt} as its write timestamp, so whole SSTables
   * expire together and are dropped without compaction. About 24 windows span the retention. With
   * no retention nothing expires, and the server's default compaction is kept.
   */
  static String tableOptions(Duration retention) {
    if (retention.isZero()) {
      return "";
    }
    long hours = Math.max(1, (retention.toSeconds() + 24 * 3600 - 1) / (24 * 3600));
    return "compaction = {'class': 'TimeWindowCompactionStrategy',"
        + " 'compaction_window_unit': 'HOURS', 'compaction_window_size': '"
        + hours
        + "'}\n  AND gc_grace_seconds = "
        + GC_GRACE_SECONDS;
  }

  private static String createKeyspace(CqlStoreConfig config) {
    String replication;
    if (config.replication().isEmpty()) {
      replication =
          "{'class': 'SimpleStrategy', 'replication_factor': '" + config.replicationFactor() + "'}";
    } else {
      replication =
          config.replication().entrySet().stream()
              .map(entry -> "'" + entry.getKey() + "': '" + entry.getValue() + "'")
              .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
    }
    return "CREATE KEYSPACE IF NOT EXISTS "
        + config.keyspace()
        + " WITH replication = "
        + replication;
  }

  private static List<Column> lookupClustering() {
    return List.of(col(COMPLETED_AT, DataTypes.TIMESTAMP), col(INVOCATION_ID, DataTypes.TEXT));
  }

  private static Map<String, ClusteringOrder> lookupOrder() {
    return Map.of(COMPLETED_AT, ClusteringOrder.DESC, INVOCATION_ID, ClusteringOrder.ASC);
  }

  /**
   * The one cell a lookup row carries besides its key: the exact {@code completedAt}, which orders
   * a page and bounds a window to the nanosecond. Everything a query lists comes from the results
   * row, which a query reads anyway to drop stale lookup rows ({@link PageMerger}). Tables created
   * by earlier versions have the summary columns too; they are no longer written or read.
   */
  private static List<Column> lookupColumns() {
    return List.of(col(COMPLETED_AT_NS, DataTypes.BIGINT));
  }

  static String names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  private static Column col(String name, DataType type) {
    return new Column(name, type);
  }
}
