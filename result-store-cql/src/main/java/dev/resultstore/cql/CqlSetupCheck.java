package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.internal.SetupReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

/**
 * Looks at the CQL side as a {@link CqlResultStore} with the same settings would use it, and
 * changes nothing: the nodes the driver sees, and the keyspace, tables and columns against what the
 * store needs. What {@code autoMigrate} would add at startup is a finding; anything else that
 * differs is a problem. For {@code check --connect} and init containers.
 */
public final class CqlSetupCheck {

  private CqlSetupCheck() {}

  /**
   * Connects, reads the cluster's metadata and reports it; blocks until done.
   *
   * @throws ResultStoreException transient when no node answers, permanent when the cluster refuses
   *     our credentials or TLS settings
   */
  public static SetupReport run(CqlStoreConfig config) {
    CqlSession session = CqlSessions.connect(config);
    try (session) {
      Metadata metadata = session.refreshSchemaAsync().toCompletableFuture().get();
      List<String> found = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      metadata.getNodes().values().stream()
          .sorted(Comparator.comparing(node -> node.getEndPoint().toString()))
          .forEach(node -> found.add(describe(node)));
      Schema schema = new Schema(config);
      List<String> differences =
          new SchemaManager(session, schema, config.requestTimeout()).problems(metadata);
      if (differences.isEmpty()) {
        found.add(
            "keyspace "
                + config.keyspace()
                + ": tables "
                + List.of(
                    config.resultsTable(),
                    config.bodiesTable(),
                    config.requestLookupTable(),
                    config.timeLookupTable())
                + " as expected");
      }
      for (String difference : differences) {
        if (config.autoMigrate() && difference.contains(" is missing")) {
          found.add(difference + "; the runner creates it at startup (autoMigrate)");
        } else {
          problems.add(difference);
        }
      }
      return new SetupReport(found, problems);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientStoreException("CQL check: interrupted", e);
    } catch (ExecutionException e) {
      throw ErrorClassifier.classify(e.getCause(), "reading the schema");
    }
  }

  private static String describe(Node node) {
    return "CQL node "
        + node.getEndPoint()
        + ": "
        + node.getState()
        + ", datacenter "
        + node.getDatacenter()
        + ", version "
        + node.getCassandraVersion()
        + (node.getDistance() == null
            ? ""
            : ", " + node.getDistance().name().toLowerCase(Locale.ROOT));
  }
}
