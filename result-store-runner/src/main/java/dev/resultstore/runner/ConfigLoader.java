package dev.resultstore.runner;

import dev.resultstore.nats.NatsSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link RunnerConfig} from the Go process's {@code result-store.yaml} (same keys, same
 * duration syntax) and the environment. Every default is stated here and in {@code
 * docs/configuration.md}. Keys it does not know are ignored and logged once.
 */
final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  /** The environment variable that may name the configuration file. */
  static final String CONFIG_ENV = "RESULT_STORE_CONFIG";

  static final String DEFAULT_CONSUMER = "runtime-result-store";
  static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_DELIVER = 5;
  static final List<Duration> DEFAULT_BACKOFF =
      List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
  static final String DEFAULT_URL = "nats://127.0.0.1:4222";
  static final String DEFAULT_PREFIX = "runtime.serverless";
  static final String DEFAULT_STREAM = "RUNTIME_SERVERLESS";
  static final Duration DEFAULT_STREAM_MAX_AGE = Duration.ofHours(72);
  static final Duration DEFAULT_DUPLICATES_WINDOW = Duration.ofHours(24);
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_MAX_ACK_PENDING = 1024;
  static final int DEFAULT_FETCH_BATCH = 256;
  static final int DEFAULT_MAX_IN_FLIGHT = 512;

  /** The source builder's own default: read from it, not restated. */
  static final long DEFAULT_MAX_IN_FLIGHT_BYTES =
      NatsSourceConfig.builder().build().maxInFlightBytes();

  static final Duration DEFAULT_ACK_LINGER = Duration.ofMillis(5);
  static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
  static final String DEFAULT_HOST = "127.0.0.1:9042";
  static final String DEFAULT_KEYSPACE = "runtime_serverless";
  static final String DEFAULT_TABLE = "invocation_results";
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_INLINE_BODY = 1024 * 1024;
  static final Duration DEFAULT_RETENTION = Duration.ofHours(168);
  static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
  static final int DEFAULT_MAX_IN_FLIGHT_WRITES = 256;
  static final String DEFAULT_CONSISTENCY = "LOCAL_QUORUM";
  static final int DEFAULT_HTTP_PORT = 8080;

  static final Duration DEFAULT_LOOKUP_BUCKET = Duration.ofHours(1);
  static final int DEFAULT_TIME_SHARDS = 16;
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  static final List<String> CONSISTENCY_LEVELS =
      List.of(
          "ANY",
          "ONE",
          "TWO",
          "THREE",
          "QUORUM",
          "ALL",
          "LOCAL_ONE",
          "LOCAL_QUORUM",
          "EACH_QUORUM");
  static final List<String> READ_CONSISTENCY_LEVELS =
      CONSISTENCY_LEVELS.subList(1, CONSISTENCY_LEVELS.size());

  /** Keys of the Go file that this process has no use for; ignored without a warning. */
  static final List<String> IGNORED_GO_KEYS = List.of("networkPolicyTarget");

  /** The longest TTL a CQL server accepts: 20 years. */
  private static final Duration MAX_TTL = Duration.ofSeconds(630_720_000L);

  private static final Pattern SUBJECT_TOKENS =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern CQL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  private ConfigLoader() {}

  /**
   * Reads {@code file}, with the values of {@code environment} taking precedence.
   *
   * @throws ConfigException naming the key, the value and what is expected
   */
  static RunnerConfig load(Path file, Map<String, String> environment) {
    ConfigSource source = ConfigSource.load(file, environment);
    RunnerConfig config = read(source);
    reportUnread(source);
    return config;
  }

  /** Reads the values of {@code source}; see {@link #reportUnread(ConfigSource)}. */
  static RunnerConfig read(ConfigSource source) {
    return new RunnerConfig(
        name(source, "consumerName", DEFAULT_CONSUMER),
        source.duration("ackWait", DEFAULT_ACK_WAIT, Duration.ofSeconds(1)),
        retry(source),
        serverless(source),
        scylla(source),
        http(source),
        log(source));
  }

  /** Logs, once each, the keys of {@code source} that {@link #read} did not use. */
  static void reportUnread(ConfigSource source) {
    for (String key : source.unreadKeys()) {
      boolean goOnly =
          IGNORED_GO_KEYS.stream()
              .anyMatch(ignored -> key.equals(ignored) || key.startsWith(ignored + "."));
      if (goOnly) {
        LOG.debug("Ignoring configuration key {}: this process does not use it", key);
      } else {
        LOG.warn("Ignoring unknown configuration key {}", key);
      }
    }
  }

  private static RunnerConfig.Retry retry(ConfigSource source) {
    int maxDeliver = source.integer("retry.maxDeliver", DEFAULT_MAX_DELIVER, 1, 1_000);
    List<Duration> backoff =
        source.durations("retry.backoff", DEFAULT_BACKOFF, Duration.ofMillis(1));
    if (backoff.size() >= maxDeliver) {
      throw new ConfigException(
          "invalid configuration: key retry.backoff has "
              + backoff.size()
              + " values but retry.maxDeliver is "
              + maxDeliver
              + ", expected fewer back-off values than deliveries (the server refuses otherwise)");
    }
    return new RunnerConfig.Retry(maxDeliver, backoff);
  }

  private static RunnerConfig.Serverless serverless(ConfigSource source) {
    List<String> servers = source.strings("serverless.url", List.of(DEFAULT_URL));
    for (String server : servers) {
      if (!server.matches("(?i)(nats|tls|ws|wss)://[^\\s]+|[^\\s:/]+(:\\d+)?")) {
        throw new ConfigException(
            "invalid configuration: key serverless.url has the value \""
                + server
                + "\", expected a NATS URL such as nats://127.0.0.1:4222");
      }
    }
    String prefix = source.string("serverless.subjectPrefix", DEFAULT_PREFIX);
    require(
        SUBJECT_TOKENS,
        "serverless.subjectPrefix",
        prefix,
        "subject tokens of letters, digits, '-' and '_' separated by '.', such as runtime.serverless");
    return new RunnerConfig.Serverless(
        servers,
        prefix,
        name(source, "serverless.streamName", DEFAULT_STREAM),
        source.integer("serverless.streamReplicas", 1, 1, 5),
        source.duration("serverless.streamMaxAge", DEFAULT_STREAM_MAX_AGE, Duration.ofSeconds(1)),
        source.duration("serverless.connectTimeout", DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1)),
        source.duration(
            "serverless.duplicatesWindow", DEFAULT_DUPLICATES_WINDOW, Duration.ofMillis(100)),
        new RunnerConfig.Auth(
            source.secret("serverless.auth.token"),
            source.secret("serverless.auth.username"),
            source.secret("serverless.auth.password"),
            source.readableFile("serverless.auth.credentialsFile")),
        tls(source, "serverless.tls"),
        source.integer("serverless.maxAckPending", DEFAULT_MAX_ACK_PENDING, 1, 1_000_000),
        source.integer("serverless.fetchBatchSize", DEFAULT_FETCH_BATCH, 1, 10_000),
        source.integer("serverless.maxInFlight", DEFAULT_MAX_IN_FLIGHT, 1, 100_000),
        source.number(
            "serverless.maxInFlightBytes",
            DEFAULT_MAX_IN_FLIGHT_BYTES,
            NatsSourceConfig.MIN_IN_FLIGHT_BYTES,
            Long.MAX_VALUE),
        source.duration(
            "serverless.ackLinger",
            DEFAULT_ACK_LINGER,
            Duration.ZERO,
            NatsSourceConfig.MAX_ACK_LINGER),
        source.duration("serverless.drainTimeout", DEFAULT_DRAIN_TIMEOUT, Duration.ofMillis(1)));
  }

  private static RunnerConfig.Scylla scylla(ConfigSource source) {
    List<String> hosts = source.strings("scylla.hosts", List.of(DEFAULT_HOST));
    for (String host : hosts) {
      if (!host.matches("[^\\s:]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
        throw new ConfigException(
            "invalid configuration: key scylla.hosts has the value \""
                + host
                + "\", expected host:port entries such as 127.0.0.1:9042");
      }
    }
    String keyspace = source.string("scylla.keyspace", DEFAULT_KEYSPACE);
    require(
        CQL_NAME,
        "scylla.keyspace",
        keyspace,
        "a CQL name: a letter, then letters, digits or '_', at most 48");
    String table = source.string("scylla.resultsTable", DEFAULT_TABLE);
    require(
        CQL_NAME,
        "scylla.resultsTable",
        table,
        "a CQL name: a letter, then letters, digits or '_', at most 48");
    String datacenter = source.string("scylla.datacenter", null);
    if (datacenter != null && datacenter.isBlank()) {
      throw new ConfigException(
          "invalid configuration: key scylla.datacenter is blank, expected the local datacenter's"
              + " name such as datacenter1 (or no key, to infer it from the contact points)");
    }
    int maxInline =
        source.integer("scylla.maxInlineBodyBytes", DEFAULT_MAX_INLINE_BODY, 0, MAX_BODY_BYTES);
    return new RunnerConfig.Scylla(
        hosts,
        keyspace,
        table,
        datacenter,
        source.secret("scylla.username"),
        source.secret("scylla.password"),
        tls(source, "scylla.tls"),
        source.duration("scylla.connectTimeout", DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1)),
        source.duration("scylla.requestTimeout", DEFAULT_REQUEST_TIMEOUT, Duration.ofMillis(1)),
        source.integer("scylla.replicationFactor", 1, 1, 10),
        source.bool("scylla.autoMigrate", true),
        maxInline,
        retention(source),
        source.integer("scylla.chunkBytes", DEFAULT_CHUNK_BYTES, 1024, MAX_BODY_BYTES),
        source.integer("scylla.maxInFlightWrites", DEFAULT_MAX_IN_FLIGHT_WRITES, 1, 100_000),
        source.oneOf("scylla.writeConsistency", DEFAULT_CONSISTENCY, CONSISTENCY_LEVELS),
        source.oneOf("scylla.readConsistency", DEFAULT_CONSISTENCY, READ_CONSISTENCY_LEVELS),
        source.integers("scylla.replication", 0, 100),
        source.duration("scylla.lookupBucket", DEFAULT_LOOKUP_BUCKET, Duration.ofMinutes(1)),
        source.integer("scylla.timeShards", DEFAULT_TIME_SHARDS, 1, 1024));
  }

  private static Duration retention(ConfigSource source) {
    Duration retention = source.duration("scylla.retention", DEFAULT_RETENTION, Duration.ZERO);
    if (retention.compareTo(MAX_TTL) > 0) {
      throw new ConfigException(
          "invalid configuration: key scylla.retention has the value \""
              + GoDuration.format(retention)
              + "\", expected at most 175200h (20 years, the longest TTL a CQL server accepts)");
    }
    return retention;
  }

  private static RunnerConfig.Tls tls(ConfigSource source, String prefix) {
    boolean enabled = source.bool(prefix + ".enabled", false);
    RunnerConfig.Tls tls =
        new RunnerConfig.Tls(
            enabled,
            source.readableFile(prefix + ".caFile"),
            source.readableFile(prefix + ".certFile"),
            source.readableFile(prefix + ".keyFile"),
            source.string(prefix + ".serverName", null),
            source.bool(prefix + ".insecureSkipVerify", false));
    if ((tls.certFile() == null) != (tls.keyFile() == null)) {
      throw new ConfigException(
          "invalid configuration: keys "
              + prefix
              + ".certFile and "
              + prefix
              + ".keyFile must be set together (a client certificate needs its key)");
    }
    return tls;
  }

  private static RunnerConfig.Http http(ConfigSource source) {
    return new RunnerConfig.Http(
        source.bool("http.enabled", true),
        source.string("http.host", "0.0.0.0"),
        source.integer("http.port", DEFAULT_HTTP_PORT, 0, 65_535));
  }

  private static RunnerConfig.Log log(ConfigSource source) {
    return new RunnerConfig.Log(
        source.oneOf("log.format", "plain", List.of("plain", "json")),
        source.oneOf(
            "log.level", "INFO", List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF")));
  }

  private static String name(ConfigSource source, String key, String fallback) {
    String value = source.string(key, fallback);
    require(NAME, key, value, "a name of letters, digits, '-' and '_'");
    return value;
  }

  private static void require(Pattern pattern, String key, String value, String expected) {
    if (!pattern.matcher(value).matches()) {
      throw new ConfigException(
          "invalid configuration: key "
              + key
              + " has the value \""
              + value
              + "\", expected "
              + expected);
    }
  }
}
