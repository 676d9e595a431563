package dev.resultstore.runner;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.resultstore.core.testing.TestServices;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Names that no other test uses (stream, subject prefix, consumer, keyspace), the runner's
 * configuration file in the Go process's format, and the clean-up of what the runner created.
 */
final class ItFixture {
  final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final String prefix = "it" + id + ".serverless";
  final String stream = "IT_RUNNER_" + id.toUpperCase(Locale.ROOT);
  final String consumer = "it-runner-" + id;
  final String keyspace = "it_runner_" + id;
  final String natsUrl = TestServices.natsUrl();
  final InetSocketAddress cql = TestServices.cqlContactPoint();
  final String datacenter = TestServices.cqlDatacenter();

  /** The configuration, in the Go format plus our keys, pointing at {@code cqlHost}. */
  Path writeConfig(Path directory, String cqlHost, int httpPort) throws IOException {
    String yaml =
        String.join(
            "\n",
            "# Written by " + getClass().getSimpleName() + " in the Go process's format",
            "consumerName: " + consumer,
            "ackWait: 30s",
            "retry:",
            "  maxDeliver: 5",
            "  backoff: [2s, 10s, 30s]",
            "networkPolicyTarget:",
            "  namespace: runtime-workers",
            "serverless:",
            "  url: " + natsUrl,
            "  subjectPrefix: " + prefix,
            "  streamName: " + stream,
            "  streamReplicas: 1",
            "  streamMaxAge: 2h",
            "  connectTimeout: 5s",
            "  duplicatesWindow: 10m",
            "  tls:",
            "    enabled: false",
            "  drainTimeout: 15s",
            "scylla:",
            "  hosts:",
            "    - " + cqlHost,
            "  keyspace: " + keyspace,
            "  resultsTable: invocation_results",
            "  datacenter: " + datacenter,
            "  tls:",
            "    enabled: false",
            "  connectTimeout: 5s",
            "  requestTimeout: 10s",
            "  replicationFactor: 1",
            "  autoMigrate: true",
            "  maxInlineBodyBytes: 1024",
            "  chunkBytes: 1024",
            "http:",
            "  host: 127.0.0.1",
            "  port: " + httpPort,
            "");
    return Files.writeString(directory.resolve("result-store.yaml"), yaml);
  }

  /** The real CQL server's {@code host:port}. */
  String cqlHost() {
    return cql.getHostString() + ":" + cql.getPort();
  }

  /** Deletes the stream and drops the keyspace the runner created. */
  @SuppressWarnings("try") // Connection.close() may throw InterruptedException, handled below
  void cleanUp() {
    try (Connection connection = Nats.connect(natsUrl)) {
      connection.jetStreamManagement().deleteStream(stream);
    } catch (IOException | JetStreamApiException e) {
      // nothing was created
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (CqlSession session =
        CqlSession.builder().addContactPoint(cql).withLocalDatacenter(datacenter).build()) {
      session.execute(
          com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
                  "DROP KEYSPACE IF EXISTS " + keyspace)
              .setTimeout(Duration.ofSeconds(60)));
    }
  }
}
