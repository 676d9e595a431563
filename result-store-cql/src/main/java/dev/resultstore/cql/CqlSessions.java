package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Opens a driver session from a {@link CqlStoreConfig} exactly as {@link
 * CqlResultStore#connect(CqlStoreConfig)} opens its own: the contact points, datacenter,
 * credentials, timeouts and consistency of the configuration, and TLS that checks the server's
 * certificate and host name (or {@code tls.serverName}) unless {@code tls.insecureSkipVerify}. For
 * tools that run their own statements beside a store (the benchmark); the schema metadata of such a
 * session covers the configuration's keyspace only.
 */
public final class CqlSessions {
  private CqlSessions() {}

  /**
   * Connects; blocks until connected. The caller closes the session.
   *
   * @throws dev.resultstore.core.ResultStoreException transient when no node answered, permanent
   *     when a node refused the credentials or the certificate (naming the TLS setting to look at)
   */
  public static CqlSession connect(CqlStoreConfig config) {
    return CqlResultStore.awaitConnected(connectAsync(config));
  }

  /** {@link #connect(CqlStoreConfig)} without blocking; fails with the classified exception. */
  public static CompletionStage<CqlSession> connectAsync(CqlStoreConfig config) {
    return connectAsync(config, null);
  }

  /**
   * {@link #connectAsync(CqlStoreConfig)}; with a {@code registry}, the driver's metrics go in it.
   */
  static CompletionStage<CqlSession> connectAsync(CqlStoreConfig config, MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    CompletableFuture<CqlSession> connected = new CompletableFuture<>();
    SessionFactory.open(config, registry)
        .whenComplete(
            (session, error) -> {
              if (error != null) {
                connected.completeExceptionally(CqlResultStore.connectFailure(error, config));
              } else {
                connected.complete(session);
              }
            });
    return connected;
  }
}
