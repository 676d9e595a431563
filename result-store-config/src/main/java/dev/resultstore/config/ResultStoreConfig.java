package dev.resultstore.config;

import dev.resultstore.core.InvalidSettingException;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The whole of a {@code result-store.yaml} file (the Go process's keys and ours) with its
 * environment overrides: the source's, the store's and the object store's settings as their
 * builders made them, and the runner's own ({@code http}, {@code log}). Immutable; {@link
 * #toString()} never shows a secret.
 */
public final class ResultStoreConfig {
  /** The environment variable that may name the configuration file. */
  public static final String CONFIG_ENV = "RESULT_STORE_CONFIG";

  private final NatsSourceConfig nats;
  private final CqlStoreConfig cql;
  private final S3BodyStoreConfig objectStore;
  private final Http http;
  private final Log log;
  private final String origin;
  private final List<String> unknownKeys;
  private final List<String> unknownVariables;

  private ResultStoreConfig(
      NatsSourceConfig nats,
      CqlStoreConfig cql,
      S3BodyStoreConfig objectStore,
      Http http,
      Log log,
      String origin,
      List<String> unknownKeys,
      List<String> unknownVariables) {
    this.nats = nats;
    this.cql = cql;
    this.objectStore = objectStore;
    this.http = http;
    this.log = log;
    this.origin = origin;
    this.unknownKeys = List.copyOf(unknownKeys);
    this.unknownVariables = List.copyOf(unknownVariables);
  }

  /**
   * Reads {@code file} (when {@code null}: the file {@value #CONFIG_ENV} names, else no file: the
   * defaults), the variables of {@code environment} overriding its keys. Logs nothing; see {@link
   * #logUnknown()}.
   *
   * @throws ConfigException naming the key, the value and what is expected
   */
  public static ResultStoreConfig read(Path file, Map<String, String> environment) {
    Path path = file;
    if (path == null) {
      String named = environment.get(CONFIG_ENV);
      path = named == null || named.isBlank() ? null : Path.of(named.trim());
    }
    return path == null
        ? read(ConfigSource.parse("", "(defaults)", environment), "(defaults)")
        : read(ConfigSource.load(path, environment), path.toString());
  }

  /** Like {@link #read(Path, Map)}, then logs the keys and variables that name nothing. */
  public static ResultStoreConfig load(Path file, Map<String, String> environment) {
    ResultStoreConfig config = read(file, environment);
    config.logUnknown();
    return config;
  }

  /** Reads the YAML {@code text}, as {@link #read(Path, Map)} reads a file's. */
  public static ResultStoreConfig parse(String text, Map<String, String> environment) {
    return read(ConfigSource.parse(text, "(text)", environment), "(text)");
  }

  private static ResultStoreConfig read(ConfigSource source, String origin) {
    ResultStoreConfig config = ConfigLoader.read(source);
    return new ResultStoreConfig(
        config.nats,
        config.cql,
        config.objectStore,
        config.http,
        config.log,
        origin,
        ConfigLoader.unknownKeys(source),
        ConfigLoader.unknownVariables(source));
  }

  /** Logs a warning for each key of the file and {@code RESULT_STORE_} variable naming nothing. */
  public void logUnknown() {
    ConfigLoader.logUnknown(unknownKeys, unknownVariables);
  }

  /** The NATS source's settings. */
  public NatsSourceConfig nats() {
    return nats;
  }

  /** The CQL store's settings. */
  public CqlStoreConfig cql() {
    return cql;
  }

  /** The object store's settings; empty when bodies stay in CQL ({@code objectStore.enabled}). */
  public Optional<S3BodyStoreConfig> objectStore() {
    return Optional.ofNullable(objectStore);
  }

  /** The health and metrics endpoints. */
  public Http http() {
    return http;
  }

  /** The log format and level. */
  public Log log() {
    return log;
  }

  /** The file read, or {@code (defaults)} when none was. */
  public String origin() {
    return origin;
  }

  /** The file's keys that no reader of the file uses (a misspelling, most likely). */
  public List<String> unknownKeys() {
    return unknownKeys;
  }

  /** The {@code RESULT_STORE_} variables of the environment that name no key. */
  public List<String> unknownVariables() {
    return unknownVariables;
  }

  /**
   * The value of every key of {@code nats} and {@code cql} that has one to show, by key in the
   * order of the configuration reference, as text (durations in Go's syntax, lists joined by
   * commas); credentials and TLS blocks are left out. For reports that state their settings.
   */
  public static Map<String, String> describe(NatsSourceConfig nats, CqlStoreConfig cql) {
    Map<String, String> values = new LinkedHashMap<>();
    describe(values, ConfigKeys.NATS, nats);
    describe(values, ConfigKeys.CQL, cql);
    return values;
  }

  private static <C> void describe(
      Map<String, String> values, List<? extends ConfigBinding<?, C>> bindings, C config) {
    for (ConfigBinding<?, C> binding : bindings) {
      Object value = binding.secret() || !binding.statesDefault() ? null : binding.valueIn(config);
      if (value != null) {
        values.put(binding.key(), text(value));
      }
    }
  }

  private static String text(Object value) {
    if (value instanceof Duration duration) {
      return GoDuration.format(duration);
    }
    if (value instanceof Collection<?> items) {
      return items.stream().map(ResultStoreConfig::text).collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /** Equal when the settings are, wherever they were read from. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ResultStoreConfig that
        && nats.equals(that.nats)
        && cql.equals(that.cql)
        && Objects.equals(objectStore, that.objectStore)
        && http.equals(that.http)
        && log.equals(that.log);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nats, cql, objectStore, http, log);
  }

  @Override
  public String toString() {
    return "ResultStoreConfig[nats="
        + nats
        + ", cql="
        + cql
        + ", objectStore="
        + objectStore
        + ", http="
        + http
        + ", log="
        + log
        + "]";
  }

  /** A builder with every default: the builders' for NATS and CQL, the runner's for the rest. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The health and metrics endpoints; port 0 picks a free port.
   *
   * @param enabled whether they are served
   * @param host the address to bind
   * @param port the port
   */
  public record Http(boolean enabled, String host, int port) {}

  /**
   * Logging.
   *
   * @param format {@code plain} or {@code json}
   * @param level {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR} or {@code
   *     OFF}
   */
  public record Log(String format, String level) {}

  /** Builds a {@link ResultStoreConfig}; every setter states its default. Not thread-safe. */
  static final class Builder {
    private static final List<String> FORMATS = List.of("plain", "json");
    private static final List<String> LEVELS =
        List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private NatsSourceConfig nats;
    private CqlStoreConfig cql;
    private boolean objectStoreEnabled;
    private S3BodyStoreConfig objectStore;
    private boolean httpEnabled = true;
    private String httpHost = "0.0.0.0";
    private int httpPort = 8080;
    private String logFormat = "plain";
    private String logLevel = "INFO";

    private Builder() {}

    /** Default: {@code NatsSourceConfig.builder().build()}. */
    Builder nats(NatsSourceConfig value) {
      nats = value;
      return this;
    }

    /** Default: {@code CqlStoreConfig.builder().build()}. */
    Builder cql(CqlStoreConfig value) {
      cql = value;
      return this;
    }

    /**
     * Default: {@code false}: every body stays in CQL. {@code true} needs {@link
     * #objectStore(S3BodyStoreConfig)}.
     */
    Builder objectStoreEnabled(boolean value) {
      objectStoreEnabled = value;
      return this;
    }

    /** Whether the object store is on: a loader builds its settings only then. */
    boolean objectStoreEnabled() {
      return objectStoreEnabled;
    }

    /** Default: {@code null}. Used only when {@link #objectStoreEnabled(boolean)} is on. */
    Builder objectStore(S3BodyStoreConfig value) {
      objectStore = value;
      return this;
    }

    /** Default: {@code true}. */
    Builder httpEnabled(boolean value) {
      httpEnabled = value;
      return this;
    }

    /** Default: {@code 0.0.0.0}. */
    Builder httpHost(String value) {
      httpHost = value;
      return this;
    }

    /** Default: {@code 8080}, from 0 (a free port) to 65535. */
    Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    /** Default: {@code plain}; or {@code json}, any case. */
    Builder logFormat(String value) {
      logFormat = value;
      return this;
    }

    /** Default: {@code INFO}; or TRACE, DEBUG, WARN, ERROR, OFF, any case. */
    Builder logLevel(String value) {
      logLevel = value;
      return this;
    }

    /**
     * @throws InvalidSettingException naming the first setting that is invalid
     */
    ResultStoreConfig build() {
      if (httpHost == null || httpHost.isBlank()) {
        throw invalid("httpHost", httpHost, "an address to bind, such as 0.0.0.0");
      }
      if (httpPort < 0 || httpPort > 65_535) {
        throw invalid("httpPort", String.valueOf(httpPort), "a port from 0 to 65535");
      }
      if (objectStoreEnabled && objectStore == null) {
        throw invalid("objectStore", null, "the object store's settings when it is enabled");
      }
      NatsSourceConfig builtNats = nats == null ? NatsSourceConfig.builder().build() : nats;
      CqlStoreConfig builtCql = cql == null ? CqlStoreConfig.builder().build() : cql;
      checkTogether(builtNats, builtCql);
      return new ResultStoreConfig(
          builtNats,
          builtCql,
          objectStoreEnabled ? objectStore : null,
          new Http(httpEnabled, httpHost.trim(), httpPort),
          new Log(
              oneOf("logFormat", logFormat, FORMATS).toLowerCase(Locale.ROOT),
              oneOf("logLevel", logLevel, LEVELS)),
          "(defaults)",
          List.of(),
          List.of());
    }

    /**
     * Checks the source's and the store's bounds against each other: the store takes {@link
     * CqlStoreConfig#acceptedWrites()} writes at once (running and waiting) and fails the rest as
     * transient, so a source holding more messages than that would put itself in an outage.
     */
    private static void checkTogether(NatsSourceConfig nats, CqlStoreConfig cql) {
      if (nats.maxInFlight() > cql.acceptedWrites()) {
        throw invalid(
            "serverless.maxInFlight",
            String.valueOf(nats.maxInFlight()),
            "at most the writes the store accepts at once ("
                + cql.acceptedWrites()
                + ": scylla.maxInFlightWrites "
                + cql.maxInFlightWrites()
                + " running, four times as many waiting), or the writes beyond fail as an outage;"
                + " lower it or raise scylla.maxInFlightWrites to at least "
                + (nats.maxInFlight() + CqlStoreConfig.ACCEPTED_PER_WRITE - 1)
                    / CqlStoreConfig.ACCEPTED_PER_WRITE);
      }
    }

    private static String oneOf(String setting, String value, List<String> allowed) {
      for (String candidate : allowed) {
        if (candidate.equalsIgnoreCase(value == null ? "" : value.trim())) {
          return candidate;
        }
      }
      throw invalid(setting, value, "one of " + String.join(", ", allowed));
    }

    private static InvalidSettingException invalid(String setting, String value, String expected) {
      return new InvalidSettingException(
          "Invalid " + setting + ": expected " + expected + " but was " + value,
          setting,
          value,
          expected);
    }
  }
}
