package dev.resultstore.runner;

import dev.resultstore.core.InvalidSettingException;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The runner's whole configuration: the NATS source's and the CQL store's settings as their
 * builders made them, and the runner's own ({@code http}, {@code log}). Build one with {@link
 * #builder()}, which states the runner's own defaults. {@link #toString()} never shows a secret.
 *
 * @param nats the source's settings
 * @param cql the store's settings
 * @param http the health and metrics endpoints
 * @param log the log format and level
 */
record RunnerConfig(NatsSourceConfig nats, CqlStoreConfig cql, Http http, Log log) {

  RunnerConfig {
    Objects.requireNonNull(nats, "nats");
    Objects.requireNonNull(cql, "cql");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(log, "log");
  }

  /** A builder with every default: the builders' for NATS and CQL, the runner's for the rest. */
  static Builder builder() {
    return new Builder();
  }

  /** The health and metrics endpoints; port 0 picks a free port. */
  record Http(boolean enabled, String host, int port) {}

  /** Logging: {@code format} is {@code plain} or {@code json}. */
  record Log(String format, String level) {}

  /** Builds a {@link RunnerConfig}; every setter states its default. Not thread-safe. */
  static final class Builder {
    private static final List<String> FORMATS = List.of("plain", "json");
    private static final List<String> LEVELS =
        List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private NatsSourceConfig nats;
    private CqlStoreConfig cql;
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
    RunnerConfig build() {
      if (httpHost == null || httpHost.isBlank()) {
        throw invalid("httpHost", httpHost, "an address to bind, such as 0.0.0.0");
      }
      if (httpPort < 0 || httpPort > 65_535) {
        throw invalid("httpPort", String.valueOf(httpPort), "a port from 0 to 65535");
      }
      NatsSourceConfig builtNats = nats == null ? NatsSourceConfig.builder().build() : nats;
      CqlStoreConfig builtCql = cql == null ? CqlStoreConfig.builder().build() : cql;
      checkTogether(builtNats, builtCql);
      return new RunnerConfig(
          builtNats,
          builtCql,
          new Http(httpEnabled, httpHost.trim(), httpPort),
          new Log(
              oneOf("logFormat", logFormat, FORMATS).toLowerCase(Locale.ROOT),
              oneOf("logLevel", logLevel, LEVELS)));
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
