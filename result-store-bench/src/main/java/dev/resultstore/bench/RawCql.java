package dev.resultstore.bench;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.cql.CqlSessions;
import dev.resultstore.cql.CqlStoreConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's own driver session, with the store's contact points, credentials, TLS and timeouts
 * but nothing of the store's code: for the ceiling's writes, the plain {@code SELECT}s, the
 * clean-up and waiting for the server to settle between steps.
 */
final class RawCql implements AutoCloseable {
  private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(120);

  private final CqlSession session;

  private RawCql(CqlSession session) {
    this.session = session;
  }

  /**
   * Connects as the store does (see {@link CqlSessions}); blocks until connected. The session's
   * schema metadata covers {@code config}'s keyspace.
   */
  static RawCql connect(CqlStoreConfig config) {
    return new RawCql(CqlSessions.connect(config));
  }

  /** {@code host:port}, {@code host} (port 9042) or {@code [v6]:port}. */
  static InetSocketAddress address(String hostPort) {
    String host = hostPort;
    int port = 9042;
    int colon = hostPort.lastIndexOf(':');
    int bracket = hostPort.lastIndexOf(']');
    if (colon > bracket && (bracket >= 0 || hostPort.indexOf(':') == colon)) {
      host = hostPort.substring(0, colon);
      port = Integer.parseInt(hostPort.substring(colon + 1));
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, port);
  }

  CqlSession session() {
    return session;
  }

  /** The server's {@code release_version} ({@code ?} when it cannot be read). */
  String releaseVersion() {
    try {
      Row row = session.execute("SELECT release_version FROM system.local").one();
      return row == null ? "?" : row.getString(0);
    } catch (DriverException e) {
      return "?";
    }
  }

  /** The column names of {@code keyspace.table}, as the server has them now. */
  List<String> columns(String keyspace, String table) {
    List<String> names = new ArrayList<>();
    for (Row row :
        session.execute(
            SimpleStatement.newInstance(
                "SELECT column_name FROM system_schema.columns"
                    + " WHERE keyspace_name = ? AND table_name = ?",
                keyspace,
                table))) {
      names.add(row.getString(0));
    }
    if (names.isEmpty()) {
      throw new BenchException("table " + keyspace + "." + table + " does not exist", null);
    }
    return names;
  }

  /** {@code keyspace.table} as a CQL statement names it, each part quoted where it must be. */
  static String table(String keyspace, String table) {
    return CqlIdentifier.fromInternal(keyspace).asCql(true)
        + "."
        + CqlIdentifier.fromInternal(table).asCql(true);
  }

  /** Drops {@code keyspace} if it exists. */
  void dropKeyspace(String keyspace) {
    session.execute(
        SimpleStatement.newInstance(
                "DROP KEYSPACE IF EXISTS " + CqlIdentifier.fromInternal(keyspace).asCql(true))
            .setTimeout(SCHEMA_TIMEOUT));
  }

  /**
   * Waits until the server runs no compaction (Cassandra's {@code system_views.sstable_tasks}), at
   * most {@code limit}, so one step's background work does not slow the next; then a short pause.
   * On servers without that view it only pauses.
   *
   * @return how long it waited
   */
  Duration settle(Duration limit) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (System.nanoTime() < deadline) {
      long running;
      try {
        running =
            session.execute("SELECT keyspace_name FROM system_views.sstable_tasks").all().size();
      } catch (DriverException e) {
        break;
      }
      if (running == 0) {
        break;
      }
      Thread.sleep(500);
    }
    Thread.sleep(2_000);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    session.close();
  }
}
