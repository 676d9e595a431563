package dev.resultstore.runner;

import static dev.resultstore.runner.ConfigBinding.integers;
import static dev.resultstore.runner.ConfigBinding.of;
import static dev.resultstore.runner.ConfigBinding.secret;
import static dev.resultstore.runner.ConfigBinding.tls;
import static dev.resultstore.runner.ConfigValues.bool;
import static dev.resultstore.runner.ConfigValues.byteCount;
import static dev.resultstore.runner.ConfigValues.countOrUnset;
import static dev.resultstore.runner.ConfigValues.duration;
import static dev.resultstore.runner.ConfigValues.durationOrUnset;
import static dev.resultstore.runner.ConfigValues.durations;
import static dev.resultstore.runner.ConfigValues.readableFile;
import static dev.resultstore.runner.ConfigValues.text;
import static dev.resultstore.runner.ConfigValues.texts;
import static dev.resultstore.runner.ConfigValues.wholeNumber;

import dev.resultstore.core.InvocationState;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.net.URI;
import java.util.List;

/**
 * Every key of the configuration file, one line each: the key, the builder's name of the setting,
 * how its text is read, the setter, and the getter that shows its default. Nothing else: defaults
 * and rules are the builders'. Readers ending in {@code OrUnset} give {@code 0} the meaning the Go
 * process gives it ("not set"); an empty string is "not set" for every key.
 */
final class ConfigKeys {
  private ConfigKeys() {}

  /** The keys of {@link NatsSourceConfig}: the Go keys at the top and under serverless, ours. */
  static final List<ConfigBinding<NatsSourceConfig.Builder, NatsSourceConfig>> NATS =
      List.of(
          of(
              "consumerName",
              "consumerName",
              text(),
              NatsSourceConfig.Builder::consumerName,
              NatsSourceConfig::consumerName),
          of(
              "ackWait",
              "ackWait",
              durationOrUnset(),
              NatsSourceConfig.Builder::ackWait,
              NatsSourceConfig::ackWait),
          of(
              "retry.maxDeliver",
              "maxDeliver",
              countOrUnset(),
              NatsSourceConfig.Builder::maxDeliver,
              NatsSourceConfig::maxDeliver),
          of(
              "retry.backoff",
              "backoff",
              durations(),
              NatsSourceConfig.Builder::backoff,
              NatsSourceConfig::backoff),
          of(
              "serverless.url",
              "servers",
              texts(),
              NatsSourceConfig.Builder::servers,
              NatsSourceConfig::servers),
          of(
              "serverless.subjectPrefix",
              "subjectPrefix",
              text(),
              NatsSourceConfig.Builder::subjectPrefix,
              NatsSourceConfig::subjectPrefix),
          of(
              "serverless.streamName",
              "streamName",
              text(),
              NatsSourceConfig.Builder::streamName,
              NatsSourceConfig::streamName),
          of(
              "serverless.streamReplicas",
              "streamReplicas",
              countOrUnset(),
              NatsSourceConfig.Builder::streamReplicas,
              NatsSourceConfig::streamReplicas),
          of(
              "serverless.streamMaxAge",
              "streamMaxAge",
              duration(),
              NatsSourceConfig.Builder::streamMaxAge,
              NatsSourceConfig::streamMaxAge),
          of(
              "serverless.connectTimeout",
              "connectTimeout",
              durationOrUnset(),
              NatsSourceConfig.Builder::connectTimeout,
              NatsSourceConfig::connectTimeout),
          of(
              "serverless.duplicatesWindow",
              "duplicatesWindow",
              duration(),
              NatsSourceConfig.Builder::duplicatesWindow,
              NatsSourceConfig::duplicatesWindow),
          secret("serverless.auth.token", "token", NatsSourceConfig.Builder::token),
          secret("serverless.auth.username", "username", NatsSourceConfig.Builder::username),
          secret("serverless.auth.password", "password", NatsSourceConfig.Builder::password),
          of(
              "serverless.auth.credentialsFile",
              "credentialsFile",
              readableFile(),
              NatsSourceConfig.Builder::credentialsFile,
              NatsSourceConfig::credentialsFile),
          tls("serverless.tls", "tls", NatsSourceConfig.Builder::tls),
          of(
              "serverless.maxAckPending",
              "maxAckPending",
              wholeNumber(),
              NatsSourceConfig.Builder::maxAckPending,
              NatsSourceConfig::maxAckPending),
          of(
              "serverless.fetchBatchSize",
              "fetchBatchSize",
              wholeNumber(),
              NatsSourceConfig.Builder::fetchBatchSize,
              NatsSourceConfig::fetchBatchSize),
          of(
              "serverless.maxInFlight",
              "maxInFlight",
              wholeNumber(),
              NatsSourceConfig.Builder::maxInFlight,
              NatsSourceConfig::maxInFlight),
          of(
              "serverless.maxInFlightBytes",
              "maxInFlightBytes",
              byteCount(),
              NatsSourceConfig.Builder::maxInFlightBytes,
              NatsSourceConfig::maxInFlightBytes),
          of(
              "serverless.ackLinger",
              "ackLinger",
              duration(),
              NatsSourceConfig.Builder::ackLinger,
              NatsSourceConfig::ackLinger),
          of(
              "serverless.drainTimeout",
              "drainTimeout",
              duration(),
              NatsSourceConfig.Builder::drainTimeout,
              NatsSourceConfig::drainTimeout));

  /** The keys of {@link CqlStoreConfig}: the Go keys under scylla, then ours. */
  static final List<ConfigBinding<CqlStoreConfig.Builder, CqlStoreConfig>> CQL =
      List.of(
          of(
              "scylla.hosts",
              "contactPoints",
              texts(),
              CqlStoreConfig.Builder::contactPoints,
              CqlStoreConfig::contactPoints),
          of(
              "scylla.keyspace",
              "keyspace",
              text(),
              CqlStoreConfig.Builder::keyspace,
              CqlStoreConfig::keyspace),
          of(
              "scylla.resultsTable",
              "resultsTable",
              text(),
              CqlStoreConfig.Builder::resultsTable,
              CqlStoreConfig::resultsTable),
          of(
              "scylla.datacenter",
              "localDatacenter",
              text(),
              CqlStoreConfig.Builder::localDatacenter,
              CqlStoreConfig::localDatacenter),
          secret("scylla.username", "username", CqlStoreConfig.Builder::username),
          secret("scylla.password", "password", CqlStoreConfig.Builder::password),
          tls("scylla.tls", "tls", CqlStoreConfig.Builder::tls),
          of(
              "scylla.connectTimeout",
              "connectTimeout",
              durationOrUnset(),
              CqlStoreConfig.Builder::connectTimeout,
              CqlStoreConfig::connectTimeout),
          of(
              "scylla.requestTimeout",
              "requestTimeout",
              durationOrUnset(),
              CqlStoreConfig.Builder::requestTimeout,
              CqlStoreConfig::requestTimeout),
          of(
              "scylla.replicationFactor",
              "replicationFactor",
              countOrUnset(),
              CqlStoreConfig.Builder::replicationFactor,
              CqlStoreConfig::replicationFactor),
          of(
              "scylla.autoMigrate",
              "autoMigrate",
              bool(),
              CqlStoreConfig.Builder::autoMigrate,
              CqlStoreConfig::autoMigrate),
          of(
              "scylla.maxInlineBodyBytes",
              "maxInlineBodyBytes",
              countOrUnset(),
              CqlStoreConfig.Builder::maxInlineBodyBytes,
              CqlStoreConfig::maxInlineBodyBytes),
          of(
              "scylla.retention",
              "retention",
              duration(),
              CqlStoreConfig.Builder::retention,
              CqlStoreConfig::retention),
          retentionOf("succeeded", InvocationState.SUCCEEDED),
          retentionOf("failed", InvocationState.FAILED),
          retentionOf("expired", InvocationState.EXPIRED),
          retentionOf("deadLettered", InvocationState.DEAD_LETTERED),
          of(
              "scylla.expiryMarkerRetention",
              "expiryMarkerRetention",
              duration(),
              CqlStoreConfig.Builder::expiryMarkerRetention,
              CqlStoreConfig::expiryMarkerRetention),
          of(
              "scylla.chunkBytes",
              "chunkBytes",
              wholeNumber(),
              CqlStoreConfig.Builder::chunkBytes,
              CqlStoreConfig::chunkBytes),
          of(
              "scylla.maxInFlightWrites",
              "maxInFlightWrites",
              wholeNumber(),
              CqlStoreConfig.Builder::maxInFlightWrites,
              CqlStoreConfig::maxInFlightWrites),
          of(
              "scylla.writeConsistency",
              "writeConsistency",
              text(),
              CqlStoreConfig.Builder::writeConsistency,
              CqlStoreConfig::writeConsistency),
          of(
              "scylla.readConsistency",
              "readConsistency",
              text(),
              CqlStoreConfig.Builder::readConsistency,
              CqlStoreConfig::readConsistency),
          integers("scylla.replication", "replication", CqlStoreConfig.Builder::replication),
          of(
              "scylla.lookupBucket",
              "lookupBucket",
              duration(),
              CqlStoreConfig.Builder::lookupBucket,
              CqlStoreConfig::lookupBucket),
          of(
              "scylla.timeShards",
              "timeShards",
              wholeNumber(),
              CqlStoreConfig.Builder::timeShards,
              CqlStoreConfig::timeShards),
          of(
              "scylla.lookupLinger",
              "lookupLinger",
              duration(),
              CqlStoreConfig.Builder::lookupLinger,
              CqlStoreConfig::lookupLinger),
          // its default is scylla.maxInlineBodyBytes' value, so it states none of its own
          of(
              "objectStore.thresholdBytes",
              "objectThresholdBytes",
              wholeNumber(),
              CqlStoreConfig.Builder::objectThresholdBytes,
              null));

  /**
   * The keys of {@link S3BodyStoreConfig}, under objectStore; built only when {@code
   * objectStore.enabled} is on ({@code objectStore.thresholdBytes} is the CQL store's).
   */
  static final List<ConfigBinding<S3BodyStoreConfig.Builder, S3BodyStoreConfig>> OBJECT_STORE =
      List.of(
          of(
              "objectStore.endpoint",
              "endpoint",
              text(),
              (builder, value) -> builder.endpoint(URI.create(value)),
              S3BodyStoreConfig::endpoint),
          of(
              "objectStore.region",
              "region",
              text(),
              S3BodyStoreConfig.Builder::region,
              S3BodyStoreConfig::region),
          of("objectStore.bucket", "bucket", text(), S3BodyStoreConfig.Builder::bucket, null),
          of(
              "objectStore.keyPrefix",
              "keyPrefix",
              text(),
              S3BodyStoreConfig.Builder::keyPrefix,
              S3BodyStoreConfig::keyPrefix),
          secret("objectStore.accessKeyId", "accessKeyId", S3BodyStoreConfig.Builder::accessKeyId),
          secret(
              "objectStore.secretAccessKey",
              "secretAccessKey",
              S3BodyStoreConfig.Builder::secretAccessKey),
          tls("objectStore.tls", "tls", S3BodyStoreConfig.Builder::tls),
          of(
              "objectStore.pathStyle",
              "pathStyle",
              bool(),
              S3BodyStoreConfig.Builder::pathStyle,
              S3BodyStoreConfig::pathStyle),
          of(
              "objectStore.createBucket",
              "createBucket",
              bool(),
              S3BodyStoreConfig.Builder::createBucket,
              S3BodyStoreConfig::createBucket),
          of(
              "objectStore.connectTimeout",
              "connectTimeout",
              duration(),
              S3BodyStoreConfig.Builder::connectTimeout,
              S3BodyStoreConfig::connectTimeout),
          of(
              "objectStore.requestTimeout",
              "requestTimeout",
              duration(),
              S3BodyStoreConfig.Builder::requestTimeout,
              S3BodyStoreConfig::requestTimeout),
          of(
              "objectStore.maxConnections",
              "maxConnections",
              wholeNumber(),
              S3BodyStoreConfig.Builder::maxConnections,
              S3BodyStoreConfig::maxConnections));

  /** The runner's own keys. */
  static final List<ConfigBinding<RunnerConfig.Builder, RunnerConfig>> RUNNER =
      List.of(
          of(
              "objectStore.enabled",
              "objectStoreEnabled",
              bool(),
              RunnerConfig.Builder::objectStoreEnabled,
              config -> config.objectStore() != null),
          of(
              "http.enabled",
              "httpEnabled",
              bool(),
              RunnerConfig.Builder::httpEnabled,
              config -> config.http().enabled()),
          of(
              "http.host",
              "httpHost",
              text(),
              RunnerConfig.Builder::httpHost,
              config -> config.http().host()),
          of(
              "http.port",
              "httpPort",
              wholeNumber(),
              RunnerConfig.Builder::httpPort,
              config -> config.http().port()),
          of(
              "log.format",
              "logFormat",
              text(),
              RunnerConfig.Builder::logFormat,
              config -> config.log().format()),
          of(
              "log.level",
              "logLevel",
              text(),
              RunnerConfig.Builder::logLevel,
              config -> config.log().level()));

  /**
   * {@code scylla.retentionByState.<key>}: the retention of one state instead of {@code
   * scylla.retention}; its default is that key's value, so it states none of its own.
   */
  private static ConfigBinding<CqlStoreConfig.Builder, CqlStoreConfig> retentionOf(
      String key, InvocationState state) {
    return of(
        "scylla.retentionByState." + key,
        "retention(" + state + ")",
        duration(),
        (builder, value) -> builder.retention(state, value),
        null);
  }

  /** Keys of the Go file that this process has no use for; ignored without a warning. */
  static final List<String> IGNORED_GO_KEYS =
      List.of("networkPolicyTarget", "serverless.networkPolicyTarget");
}
