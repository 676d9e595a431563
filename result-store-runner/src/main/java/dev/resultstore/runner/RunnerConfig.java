package dev.resultstore.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The runner's whole configuration, as read by {@link ConfigLoader}: the Go process's keys plus
 * ours, every default applied and every value validated. Secrets are {@link Secret}s, so {@link
 * #toString()} can be logged.
 *
 * @param consumerName the durable consumer all instances share
 * @param ackWait how long the server waits for an ack before redelivering
 */
record RunnerConfig(
    String consumerName,
    Duration ackWait,
    Retry retry,
    Serverless serverless,
    Scylla scylla,
    Http http,
    Log log) {

  /** Redelivery: at most {@code maxDeliver} deliveries, waiting {@code backoff} between them. */
  record Retry(int maxDeliver, List<Duration> backoff) {
    Retry {
      backoff = List.copyOf(backoff);
    }
  }

  /**
   * NATS JetStream: the Go keys under {@code serverless}, plus our {@code maxAckPending}, {@code
   * fetchBatchSize}, {@code maxInFlight}, {@code maxInFlightBytes}, {@code ackLinger} and {@code
   * drainTimeout}.
   *
   * @param servers the server URLs ({@code url}, comma-separated for a cluster)
   */
  record Serverless(
      List<String> servers,
      String subjectPrefix,
      String streamName,
      int streamReplicas,
      Duration streamMaxAge,
      Duration connectTimeout,
      Duration duplicatesWindow,
      Auth auth,
      Tls tls,
      int maxAckPending,
      int fetchBatchSize,
      int maxInFlight,
      long maxInFlightBytes,
      Duration ackLinger,
      Duration drainTimeout) {
    Serverless {
      servers = List.copyOf(servers);
    }
  }

  /** NATS credentials; every component is nullable. */
  record Auth(Secret token, Secret username, Secret password, Path credentialsFile) {}

  /** TLS for a client connection; the paths are nullable. */
  record Tls(
      boolean enabled,
      Path caFile,
      Path certFile,
      Path keyFile,
      String serverName,
      boolean insecureSkipVerify) {}

  /**
   * The CQL store: the Go keys under {@code scylla}, plus our {@code retention}, {@code
   * chunkBytes}, {@code maxInFlightWrites}, {@code writeConsistency}, {@code readConsistency},
   * {@code replication}, {@code lookupBucket} and {@code timeShards}.
   *
   * @param hosts contact points as {@code host:port}
   * @param datacenter the local datacenter; {@code null} to infer it from the contact points
   * @param replication datacenter to replication factor (NetworkTopologyStrategy); empty for
   *     SimpleStrategy with {@code replicationFactor}
   */
  record Scylla(
      List<String> hosts,
      String keyspace,
      String resultsTable,
      String datacenter,
      Secret username,
      Secret password,
      Tls tls,
      Duration connectTimeout,
      Duration requestTimeout,
      int replicationFactor,
      boolean autoMigrate,
      int maxInlineBodyBytes,
      Duration retention,
      int chunkBytes,
      int maxInFlightWrites,
      String writeConsistency,
      String readConsistency,
      Map<String, Integer> replication,
      Duration lookupBucket,
      int timeShards) {
    Scylla {
      hosts = List.copyOf(hosts);
      replication = Map.copyOf(replication);
    }
  }

  /** The health and metrics endpoints; port 0 picks a free port. */
  record Http(boolean enabled, String host, int port) {}

  /** Logging: {@code format} is {@code plain} or {@code json}. */
  record Log(String format, String level) {}
}
