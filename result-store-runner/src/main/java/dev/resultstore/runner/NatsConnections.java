package dev.resultstore.runner;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.nats.NatsSourceConfig;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;

/** The runner's own short-lived NATS connections, for {@code publish} and {@code dlq}. */
final class NatsConnections {

  private NatsConnections() {}

  /**
   * Connects with the configured servers, credentials and TLS; does not reconnect.
   *
   * @throws IOException when no server can be reached
   */
  static Open connect(RunnerConfig config, String name) throws IOException, InterruptedException {
    NatsSourceConfig nats = config.nats();
    Options.Builder options =
        Options.builder()
            .servers(nats.servers().toArray(new String[0]))
            .connectionName(name)
            .connectionTimeout(nats.connectTimeout())
            .maxReconnects(0);
    if (nats.token() != null) {
      options.token(nats.token().toCharArray());
    }
    if (nats.username() != null) {
      options.userInfo(
          nats.username().toCharArray(),
          nats.password() == null ? new char[0] : nats.password().toCharArray());
    }
    if (nats.credentialsFile() != null) {
      options.authHandler(Nats.credentials(nats.credentialsFile().toString()));
    }
    TlsSettings tls = nats.tls();
    if (tls != null && tls.enabled()) {
      options.sslContext(tls.createSslContext());
    }
    return new Open(Nats.connect(options.build()));
  }

  /** A connection for try-with-resources: closing it restores the interrupt flag. */
  static final class Open implements AutoCloseable {
    private final Connection connection;

    private Open(Connection connection) {
      this.connection = connection;
    }

    Connection connection() {
      return connection;
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
