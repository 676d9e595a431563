package dev.resultstore.runner;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;

/**
 * Maps a {@link RunnerConfig} onto the NATS source's and the CQL store's builders, and nothing
 * else: every behaviour lives in those modules.
 */
final class Components {

  private Components() {}

  /**
   * The source's settings.
   *
   * @throws ConfigException when the source refuses a value
   */
  static NatsSourceConfig natsConfig(RunnerConfig config) {
    RunnerConfig.Serverless nats = config.serverless();
    RunnerConfig.Auth auth = nats.auth();
    NatsSourceConfig.Builder builder =
        NatsSourceConfig.builder()
            .servers(nats.servers())
            .subjectPrefix(nats.subjectPrefix())
            .streamName(nats.streamName())
            .streamReplicas(nats.streamReplicas())
            .streamMaxAge(nats.streamMaxAge())
            .duplicatesWindow(nats.duplicatesWindow())
            .consumerName(config.consumerName())
            .ackWait(config.ackWait())
            .maxDeliver(config.retry().maxDeliver())
            .backoff(config.retry().backoff())
            .maxAckPending(nats.maxAckPending())
            .fetchBatchSize(nats.fetchBatchSize())
            .maxInFlight(nats.maxInFlight())
            .ackLinger(nats.ackLinger())
            .drainTimeout(nats.drainTimeout())
            .connectTimeout(nats.connectTimeout())
            .token(reveal(auth.token()))
            .username(reveal(auth.username()))
            .password(reveal(auth.password()))
            .credentialsFile(auth.credentialsFile())
            .tls(tls(nats.tls()));
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid configuration under serverless: " + e.getMessage(), e);
    }
  }

  /**
   * The store's settings.
   *
   * @throws ConfigException when the store refuses a value
   */
  static CqlStoreConfig cqlConfig(RunnerConfig config) {
    RunnerConfig.Scylla scylla = config.scylla();
    CqlStoreConfig.Builder builder =
        CqlStoreConfig.builder()
            .contactPoints(scylla.hosts())
            .localDatacenter(scylla.datacenter())
            .keyspace(scylla.keyspace())
            .resultsTable(scylla.resultsTable())
            .username(reveal(scylla.username()))
            .password(reveal(scylla.password()))
            .tls(tls(scylla.tls()))
            .connectTimeout(scylla.connectTimeout())
            .requestTimeout(scylla.requestTimeout())
            .writeConsistency(scylla.writeConsistency())
            .readConsistency(scylla.readConsistency())
            .replicationFactor(scylla.replicationFactor())
            .replication(scylla.replication())
            .autoMigrate(scylla.autoMigrate())
            .retention(scylla.retention())
            .maxInlineBodyBytes(scylla.maxInlineBodyBytes())
            .chunkBytes(scylla.chunkBytes())
            .maxInFlightWrites(scylla.maxInFlightWrites())
            .lookupBucket(scylla.lookupBucket())
            .timeShards(scylla.timeShards())
            .expiryMarkerRetention(scylla.expiryMarkerRetention());
    scylla.retentionByState().forEach(builder::retention);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid configuration under scylla: " + e.getMessage(), e);
    }
  }

  /** The shared TLS settings; {@code null} when TLS is off. */
  static TlsSettings tls(RunnerConfig.Tls tls) {
    if (!tls.enabled()) {
      return null;
    }
    return new TlsSettings(
        true,
        tls.caFile(),
        tls.certFile(),
        tls.keyFile(),
        tls.serverName(),
        tls.insecureSkipVerify());
  }

  private static String reveal(Secret secret) {
    return secret == null ? null : secret.reveal();
  }
}
