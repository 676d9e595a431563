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
            .maxInFlightBytes(nats.maxInFlightBytes())
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
            .timeShards(scylla.timeShards());
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid configuration under scylla: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the source's and the store's bounds against each other: the store takes {@link
   * CqlStoreConfig#acceptedWrites()} writes at once (running and waiting) and fails the rest as
   * transient, so a source that holds more messages than that would put itself in an outage.
   *
   * @throws ConfigException when {@code serverless.maxInFlight} exceeds what the store accepts
   */
  static void checkTogether(NatsSourceConfig nats, CqlStoreConfig cql) {
    if (nats.maxInFlight() > cql.acceptedWrites()) {
      throw new ConfigException(
          "invalid configuration: serverless.maxInFlight ("
              + nats.maxInFlight()
              + ") exceeds the writes the store accepts at once ("
              + cql.acceptedWrites()
              + ": scylla.maxInFlightWrites "
              + cql.maxInFlightWrites()
              + " running, four times as many waiting); the writes beyond would fail as an"
              + " outage. Lower serverless.maxInFlight or raise scylla.maxInFlightWrites to at"
              + " least "
              + ((nats.maxInFlight() + CqlStoreConfig.ACCEPTED_PER_WRITE - 1)
                  / CqlStoreConfig.ACCEPTED_PER_WRITE));
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
