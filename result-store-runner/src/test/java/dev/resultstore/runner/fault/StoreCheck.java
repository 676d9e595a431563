package dev.resultstore.runner.fault;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Reads what a scenario stored, straight from CQL with its own driver session (not through the
 * runner): the invocation ids of every row of the results table, at {@code LOCAL_QUORUM}.
 */
final class StoreCheck implements AutoCloseable {
  private final CqlSession session;
  private final String keyspace;

  private StoreCheck(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  /** A session to {@code hosts} ({@code host:port}); TLS when {@code tls} is not null. */
  static StoreCheck connect(
      List<String> hosts, String datacenter, String keyspace, SSLContext tls) {
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withLocalDatacenter(datacenter)
            .withConfigLoader(
                DriverConfigLoader.programmaticBuilder()
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                    .withDuration(
                        DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                    .withDuration(
                        DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                    .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, 5000)
                    .build());
    for (String host : hosts) {
      int colon = host.lastIndexOf(':');
      builder.addContactPoint(
          new InetSocketAddress(
              host.substring(0, colon), Integer.parseInt(host.substring(colon + 1))));
    }
    if (tls != null) {
      builder.withSslContext(tls);
    }
    return new StoreCheck(builder.build(), keyspace);
  }

  /** Runs {@code cql} (DDL such as {@code ALTER KEYSPACE}) and waits for schema agreement. */
  void execute(String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
    session.checkSchemaAgreement();
  }

  /**
   * Rows per page of {@link #storedIds()}: 5,000 by default. The server reads whole rows to answer
   * even a select of the key, so a scan of rows holding 1 MB bodies inline needs small pages (a
   * page of 5,000 such rows made a 1 GB node run out of memory).
   */
  int scanPageSize = 5000;

  /** The invocation ids of every row of {@code invocation_results}. */
  Set<String> storedIds() {
    Set<String> ids = new HashSet<>();
    SimpleStatement scan =
        SimpleStatement.newInstance("SELECT invocation_id FROM " + keyspace + ".invocation_results")
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
            .setPageSize(scanPageSize)
            .setTimeout(Duration.ofSeconds(60));
    for (Row row : session.execute(scan)) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  /** One row's columns as text ({@code null} when there is no such row). */
  Row row(String invocationId) {
    return session
        .execute(
            SimpleStatement.newInstance(
                    "SELECT * FROM " + keyspace + ".invocation_results WHERE invocation_id = ?",
                    invocationId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .one();
  }

  /** The number of nodes the driver sees as up. */
  long nodesUp() {
    return session.getMetadata().getNodes().values().stream()
        .filter(node -> node.getState() == com.datastax.oss.driver.api.core.metadata.NodeState.UP)
        .count();
  }

  /** Drops the scenario's keyspace. */
  void dropKeyspace() {
    session.execute(
        SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
            .setTimeout(Duration.ofSeconds(60)));
  }

  @Override
  public void close() {
    session.close();
  }
}
