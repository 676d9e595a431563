package dev.resultstore.nats;

import io.nats.client.Connection;

/**
 * Opens a NATS connection from a {@link NatsSourceConfig} exactly as {@link NatsResultSource} opens
 * its own: every configured server, the configured credentials, and TLS that checks the server's
 * certificate against the CA and its host name (or {@code tls.serverName}, also sent as SNI) unless
 * {@code tls.insecureSkipVerify}. For tools that run beside the source (listing dead letters,
 * publishing, the benchmark); such a connection does not reconnect.
 */
public final class NatsConnections {
  private NatsConnections() {}

  /**
   * Connects; blocks for at most one round of attempts on every server. The caller closes the
   * connection.
   *
   * @param connectionName the name the server shows for this client
   * @throws NatsSourceException transient when no server answered, permanent when one refused our
   *     credentials or the settings cannot make a connection; a refused certificate's message names
   *     the TLS setting to look at
   */
  public static Connection connect(NatsSourceConfig config, String connectionName) {
    return NatsConnector.connectOnce(config, connectionName);
  }

  /** Closes {@code connection}; when interrupted meanwhile, restores the interrupt flag. */
  public static void close(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
