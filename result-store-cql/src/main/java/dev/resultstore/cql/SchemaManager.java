package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.AlreadyExistsException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.resultstore.core.PermanentStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schema (when {@code autoMigrate} is on) and checks it: every table with its key
 * columns in order, every column the store reads or writes with its CQL type. Extra columns are
 * fine. A mismatch fails with one message that lists every problem.
 *
 * <p>Migration only ever adds: the keyspace, missing tables, missing columns (for example our extra
 * columns on a results table the Go side created). It never drops or alters an existing column or a
 * keyspace's replication.
 */
final class SchemaManager {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);

  /** DDL waits for schema agreement, which takes longer than a plain request. */
  private static final Duration MIN_DDL_TIMEOUT = Duration.ofSeconds(30);

  /** How often schema agreement is checked after a migration. */
  private static final Duration AGREEMENT_POLL = Duration.ofMillis(200);

  private final CqlSession session;
  private final Schema schema;
  private final Duration ddlTimeout;

  SchemaManager(CqlSession session, Schema schema, Duration requestTimeout) {
    this.session = session;
    this.schema = schema;
    this.ddlTimeout =
        requestTimeout.compareTo(MIN_DDL_TIMEOUT) > 0 ? requestTimeout : MIN_DDL_TIMEOUT;
  }

  /** Creates what is missing, then checks everything. */
  CompletionStage<Void> migrate() {
    return session
        .refreshSchemaAsync()
        .thenCompose(
            metadata -> {
              List<String> ddl = missingDdl(metadata);
              CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
              for (String statement : ddl) {
                chain = chain.thenCompose(ignored -> execute(statement));
              }
              return chain;
            })
        .thenCompose(ignored -> awaitAgreement(System.nanoTime() + ddlTimeout.toNanos()))
        .thenCompose(ignored -> check(true));
  }

  /**
   * Waits until every node reports the same schema version, checking every {@link #AGREEMENT_POLL},
   * up to {@code deadlineNanos}: a write reaching a node that has not seen a new table or column
   * yet fails ("unconfigured table", "undefined column"). Logs and goes on when the nodes still
   * disagree at the deadline (such writes are then retried as transient failures).
   */
  private CompletionStage<Void> awaitAgreement(long deadlineNanos) {
    return session
        .checkSchemaAgreementAsync()
        .thenCompose(
            agreed -> {
              if (agreed) {
                return CompletableFuture.completedFuture(null);
              }
              if (System.nanoTime() - deadlineNanos >= 0) {
                LOG.warn(
                    "The nodes do not agree on the schema after {}; going on (writes to a node"
                        + " that lacks a table or column are retried)",
                    ddlTimeout);
                return CompletableFuture.completedFuture(null);
              }
              Executor later =
                  CompletableFuture.delayedExecutor(
                      AGREEMENT_POLL.toMillis(), TimeUnit.MILLISECONDS);
              return CompletableFuture.supplyAsync(() -> null, later)
                  .thenCompose(ignored -> awaitAgreement(deadlineNanos));
            });
  }

  /**
   * Checks the schema.
   *
   * @return a stage that fails with {@link PermanentStoreException} listing every problem
   */
  CompletionStage<Void> check(boolean migrated) {
    return session
        .refreshSchemaAsync()
        .thenApply(
            metadata -> {
              List<String> problems = problems(metadata);
              if (!problems.isEmpty()) {
                throw new PermanentStoreException(message(problems, migrated), null);
              }
              return null;
            });
  }

  /** The DDL that creates what is missing, in order. */
  List<String> missingDdl(Metadata metadata) {
    List<String> ddl = new ArrayList<>();
    Optional<KeyspaceMetadata> keyspace = metadata.getKeyspace(id(schema.keyspace()));
    if (keyspace.isEmpty()) {
      ddl.add(schema.createKeyspaceCql());
    }
    for (Schema.Table table : schema.tables()) {
      Optional<TableMetadata> existing = keyspace.flatMap(ks -> ks.getTable(id(table.name())));
      if (existing.isEmpty()) {
        ddl.add(schema.createTableCql(table));
        continue;
      }
      for (Schema.Column column : table.regular()) {
        if (existing.get().getColumn(id(column.name())).isEmpty()) {
          ddl.add(schema.addColumnCql(table, column));
        }
      }
    }
    return ddl;
  }

  /** Every way the schema in {@code metadata} differs from what the store needs. */
  List<String> problems(Metadata metadata) {
    Optional<KeyspaceMetadata> keyspace = metadata.getKeyspace(id(schema.keyspace()));
    if (keyspace.isEmpty()) {
      return List.of(
          "keyspace "
              + schema.keyspace()
              + " is missing (and with it the tables "
              + schema.tables().stream().map(Schema.Table::name).collect(Collectors.joining(", "))
              + ")");
    }
    List<String> problems = new ArrayList<>();
    for (Schema.Table table : schema.tables()) {
      Optional<TableMetadata> existing = keyspace.get().getTable(id(table.name()));
      if (existing.isEmpty()) {
        problems.add("table " + schema.qualified(table) + " is missing");
      } else {
        tableProblems(table, existing.get(), problems);
      }
    }
    return problems;
  }

  private void tableProblems(Schema.Table table, TableMetadata actual, List<String> problems) {
    String name = schema.qualified(table);
    List<String> partition =
        actual.getPartitionKey().stream().map(c -> c.getName().asInternal()).toList();
    List<String> expectedPartition =
        table.partitionKey().stream().map(Schema.Column::name).toList();
    if (!partition.equals(expectedPartition)) {
      problems.add(
          "table "
              + name
              + " has the partition key ("
              + String.join(", ", partition)
              + "), expected ("
              + String.join(", ", expectedPartition)
              + ")");
    }
    List<String> clustering = new ArrayList<>();
    for (Map.Entry<ColumnMetadata, ClusteringOrder> entry :
        actual.getClusteringColumns().entrySet()) {
      clustering.add(entry.getKey().getName().asInternal() + " " + entry.getValue());
    }
    List<String> expectedClustering =
        table.clustering().stream()
            .map(c -> c.name() + " " + table.clusteringOrder().get(c.name()))
            .toList();
    if (!clustering.equals(expectedClustering)) {
      problems.add(
          "table "
              + name
              + " has the clustering columns ("
              + String.join(", ", clustering)
              + "), expected ("
              + String.join(", ", expectedClustering)
              + ")");
    }
    for (Schema.Column column : table.columns()) {
      Optional<ColumnMetadata> found = actual.getColumn(id(column.name()));
      String expectedType = column.type().asCql(true, true);
      if (found.isEmpty()) {
        problems.add("column " + name + "." + column.name() + " " + expectedType + " is missing");
      } else if (!found.get().getType().equals(column.type())) {
        problems.add(
            "column "
                + name
                + "."
                + column.name()
                + " has the type "
                + found.get().getType().asCql(true, true)
                + ", expected "
                + expectedType);
      }
    }
  }

  private static String message(List<String> problems, boolean migrated) {
    return "The CQL schema is not what the result store needs"
        + (migrated ? " (and autoMigrate cannot fix it): " : " and autoMigrate is off: ")
        + String.join("; ", problems)
        + ". "
        + (migrated
            ? "Fix these columns by hand (docs/cql.md shows the schema)."
            : "Create them as docs/cql.md shows, or turn autoMigrate on.");
  }

  private CompletionStage<Void> execute(String cql) {
    LOG.info("Migrating the CQL schema: {}", cql.replaceAll("\\s+", " "));
    SimpleStatement statement = SimpleStatement.newInstance(cql).setTimeout(ddlTimeout);
    return session
        .executeAsync(statement)
        .handle(
            (result, error) -> {
              if (error != null && !alreadyDone(error)) {
                throw ErrorClassifier.classify(error, "migrating the schema (" + cql + ")");
              }
              return null;
            });
  }

  /** Another store instance migrating at the same time got there first. */
  private static boolean alreadyDone(Throwable error) {
    Throwable cause = ErrorClassifier.unwrap(error);
    if (cause instanceof AlreadyExistsException) {
      return true;
    }
    return cause instanceof InvalidQueryException
        && cause.getMessage() != null
        && (cause.getMessage().contains("conflicts with an existing column")
            || cause.getMessage().contains("already exists"));
  }

  private static CqlIdentifier id(String name) {
    return CqlIdentifier.fromCql(name);
  }
}
