package dev.resultstore.config;

import static dev.resultstore.config.ConfigBinding.integers;
import static dev.resultstore.config.ConfigBinding.of;
import static dev.resultstore.config.ConfigBinding.secret;
import static dev.resultstore.config.ConfigBinding.tls;
import static dev.resultstore.config.ConfigBinding.unstated;
import static dev.resultstore.config.ConfigValues.bool;
import static dev.resultstore.config.ConfigValues.byteCount;
import static dev.resultstore.config.ConfigValues.countOrUnset;
import static dev.resultstore.config.ConfigValues.duration;
import static dev.resultstore.config.ConfigValues.durationOrUnset;
import static dev.resultstore.config.ConfigValues.durations;
import static dev.resultstore.config.ConfigValues.readableFile;
import static dev.resultstore.config.ConfigValues.text;
import static dev.resultstore.config.ConfigValues.texts;
import static dev.resultstore.config.ConfigValues.wholeNumber;

import dev.resultstore.core.InvocationState;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.net.URI;
import java.util.List;

/**
 * Every key of the configuration file, one line each: the key, how its text is read, and the
 * builder setter it feeds (named as the key's last part unless a name is given; the built
 * configuration's accessor of that name shows the default). Nothing else: defaults and rules are
 * the builders'. Readers ending in {@code OrUnset} give {@code 0} the meaning the Go process gives
 * it ("not set"); an empty string is "not set" for every key.
 */
final class ConfigKeys {
  private ConfigKeys() {}

  /** The keys of {@link NatsSourceConfig}: the Go keys at the top and under serverless, ours. */
  static final List<ConfigBinding<NatsSourceConfig.Builder, NatsSourceConfig>> NATS =
      List.of(
          of("consumerName", text(), NatsSourceConfig.Builder::consumerName),
          of("ackWait", durationOrUnset(), NatsSourceConfig.Builder::ackWait),
          of("retry.maxDeliver", countOrUnset(), NatsSourceConfig.Builder::maxDeliver),
          of("retry.backoff", durations(), NatsSourceConfig.Builder::backoff),
          of("serverless.url", "servers", texts(), NatsSourceConfig.Builder::servers),
          of("serverless.subjectPrefix", text(), NatsSourceConfig.Builder::subjectPrefix),
          of("serverless.streamName", text(), NatsSourceConfig.Builder::streamName),
          of("serverless.streamReplicas", countOrUnset(), NatsSourceConfig.Builder::streamReplicas),
          of("serverless.streamMaxAge", duration(), NatsSourceConfig.Builder::streamMaxAge),
          of(
              "serverless.connectTimeout",
              durationOrUnset(),
              NatsSourceConfig.Builder::connectTimeout),
          of("serverless.duplicatesWindow", duration(), NatsSourceConfig.Builder::duplicatesWindow),
          secret("serverless.auth.token", "token", NatsSourceConfig.Builder::token),
          secret("serverless.auth.username", "username", NatsSourceConfig.Builder::username),
          secret("serverless.auth.password", "password", NatsSourceConfig.Builder::password),
          of(
              "serverless.auth.credentialsFile",
              readableFile(),
              NatsSourceConfig.Builder::credentialsFile),
          tls("serverless.tls", "tls", NatsSourceConfig.Builder::tls),
          of("serverless.maxAckPending", wholeNumber(), NatsSourceConfig.Builder::maxAckPending),
          of("serverless.fetchBatchSize", wholeNumber(), NatsSourceConfig.Builder::fetchBatchSize),
          of("serverless.maxInFlight", wholeNumber(), NatsSourceConfig.Builder::maxInFlight),
          of(
              "serverless.maxInFlightBytes",
              byteCount(),
              NatsSourceConfig.Builder::maxInFlightBytes),
          of("serverless.ackLinger", duration(), NatsSourceConfig.Builder::ackLinger),
          of("serverless.drainTimeout", duration(), NatsSourceConfig.Builder::drainTimeout));

  /** The keys of {@link CqlStoreConfig}: the Go keys under scylla, then ours. */
  static final List<ConfigBinding<CqlStoreConfig.Builder, CqlStoreConfig>> CQL =
      List.of(
          of("scylla.hosts", "contactPoints", texts(), CqlStoreConfig.Builder::contactPoints),
          of("scylla.keyspace", text(), CqlStoreConfig.Builder::keyspace),
          of("scylla.resultsTable", text(), CqlStoreConfig.Builder::resultsTable),
          of(
              "scylla.datacenter",
              "localDatacenter",
              text(),
              CqlStoreConfig.Builder::localDatacenter),
          secret("scylla.username", "username", CqlStoreConfig.Builder::username),
          secret("scylla.password", "password", CqlStoreConfig.Builder::password),
          tls("scylla.tls", "tls", CqlStoreConfig.Builder::tls),
          of("scylla.connectTimeout", durationOrUnset(), CqlStoreConfig.Builder::connectTimeout),
          of("scylla.requestTimeout", durationOrUnset(), CqlStoreConfig.Builder::requestTimeout),
          of("scylla.replicationFactor", countOrUnset(), CqlStoreConfig.Builder::replicationFactor),
          of("scylla.autoMigrate", bool(), CqlStoreConfig.Builder::autoMigrate),
          of(
              "scylla.maxInlineBodyBytes",
              countOrUnset(),
              CqlStoreConfig.Builder::maxInlineBodyBytes),
          of("scylla.retention", duration(), CqlStoreConfig.Builder::retention),
          retentionOf("succeeded", InvocationState.SUCCEEDED),
          retentionOf("failed", InvocationState.FAILED),
          retentionOf("expired", InvocationState.EXPIRED),
          retentionOf("deadLettered", InvocationState.DEAD_LETTERED),
          of(
              "scylla.expiryMarkerRetention",
              duration(),
              CqlStoreConfig.Builder::expiryMarkerRetention),
          of("scylla.chunkBytes", wholeNumber(), CqlStoreConfig.Builder::chunkBytes),
          of("scylla.maxInFlightWrites", wholeNumber(), CqlStoreConfig.Builder::maxInFlightWrites),
          of("scylla.writeConsistency", text(), CqlStoreConfig.Builder::writeConsistency),
          of("scylla.readConsistency", text(), CqlStoreConfig.Builder::readConsistency),
          integers("scylla.replication", "replication", CqlStoreConfig.Builder::replication),
          of("scylla.lookupBucket", duration(), CqlStoreConfig.Builder::lookupBucket),
          of("scylla.timeShards", wholeNumber(), CqlStoreConfig.Builder::timeShards),
          of("scylla.lookupLinger", duration(), CqlStoreConfig.Builder::lookupLinger),
          // its default is scylla.maxInlineBodyBytes' value, so it states none of its own
          unstated(
              "objectStore.thresholdBytes",
              "objectThresholdBytes",
              wholeNumber(),
              CqlStoreConfig.Builder::objectThresholdBytes));

  /**
   * The keys of {@link S3BodyStoreConfig}, under objectStore; built only when {@code
   * objectStore.enabled} is on ({@code objectStore.thresholdBytes} is the CQL store's).
   */
  static final List<ConfigBinding<S3BodyStoreConfig.Builder, S3BodyStoreConfig>> OBJECT_STORE =
      List.of(
          of(
              "objectStore.endpoint",
              text(),
              (builder, value) -> builder.endpoint(URI.create(value))),
          of("objectStore.region", text(), S3BodyStoreConfig.Builder::region),
          unstated("objectStore.bucket", "bucket", text(), S3BodyStoreConfig.Builder::bucket),
          of("objectStore.keyPrefix", text(), S3BodyStoreConfig.Builder::keyPrefix),
          secret("objectStore.accessKeyId", "accessKeyId", S3BodyStoreConfig.Builder::accessKeyId),
          secret(
              "objectStore.secretAccessKey",
              "secretAccessKey",
              S3BodyStoreConfig.Builder::secretAccessKey),
          tls("objectStore.tls", "tls", S3BodyStoreConfig.Builder::tls),
          of("objectStore.pathStyle", bool(), S3BodyStoreConfig.Builder::pathStyle),
          of("objectStore.createBucket", bool(), S3BodyStoreConfig.Builder::createBucket),
          of("objectStore.connectTimeout", duration(), S3BodyStoreConfig.Builder::connectTimeout),
          of("objectStore.requestTimeout", duration(), S3BodyStoreConfig.Builder::requestTimeout),
          of(
              "objectStore.maxConnections",
              wholeNumber(),
              S3BodyStoreConfig.Builder::maxConnections));

  /** The runner's own keys. */
  static final List<ConfigBinding<ResultStoreConfig.Builder, ResultStoreConfig>> RUNNER =
      List.of(
          of(
              "objectStore.enabled",
              "objectStoreEnabled",
              bool(),
              ResultStoreConfig.Builder::objectStoreEnabled,
              config -> config.objectStore().isPresent()),
          of(
              "http.enabled",
              "httpEnabled",
              bool(),
              ResultStoreConfig.Builder::httpEnabled,
              config -> config.http().enabled()),
          of(
              "http.host",
              "httpHost",
              text(),
              ResultStoreConfig.Builder::httpHost,
              config -> config.http().host()),
          of(
              "http.port",
              "httpPort",
              wholeNumber(),
              ResultStoreConfig.Builder::httpPort,
              config -> config.http().port()),
          of(
              "log.format",
              "logFormat",
              text(),
              ResultStoreConfig.Builder::logFormat,
              config -> config.log().format()),
          of(
              "log.level",
              "logLevel",
              text(),
              ResultStoreConfig.Builder::logLevel,
              config -> config.log().level()));

  /**
   * {@code scylla.retentionByState.<key>}: the retention of one state instead of {@code
   * scylla.retention}; its default is that key's value, so it states none of its own.
   */
  private static ConfigBinding<CqlStoreConfig.Builder, CqlStoreConfig> retentionOf(
      String key, InvocationState state) {
    return unstated(
        "scylla.retentionByState." + key,
        "retention(" + state + ")",
        duration(),
        (builder, value) -> builder.retention(state, value));
  }

  /** Keys of the Go file that this process has no use for; ignored without a warning. */
  static final List<String> IGNORED_GO_KEYS =
      List.of("networkPolicyTarget", "serverless.networkPolicyTarget");
}
