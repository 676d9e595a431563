package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.metrics.DefaultNodeMetric;
import com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric;
import com.datastax.oss.driver.internal.core.metrics.TaggingMetricIdGenerator;
import com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Opens the driver session from a {@link CqlStoreConfig}. Every setting is made in code (no {@code
 * application.conf} is read from our jar); credentials go to the session builder, never into the
 * driver configuration, so they cannot show up in its logs.
 *
 * <p>Load balancing is the driver's default: token-aware (statements go to a replica of their
 * partition) over the nodes of the local datacenter. When no datacenter is configured, the driver
 * infers it from the contact points.
 */
final class SessionFactory {
  /** The session name in the driver's logs and metrics. */
  static final String SESSION_NAME = "result-store";

  private SessionFactory() {}

  /**
   * The prefix of the driver's metric names: {@code cassandra_session_*}, {@code
   * cassandra_nodes_*}.
   */
  static final String METRICS_PREFIX = "cassandra";

  /**
   * The session's metrics: throughput, latency (a histogram), timeouts, bytes, connected nodes and
   * the prepared-statement cache.
   */
  static final List<DefaultSessionMetric> SESSION_METRICS =
      List.of(
          DefaultSessionMetric.CQL_REQUESTS,
          DefaultSessionMetric.CQL_CLIENT_TIMEOUTS,
          DefaultSessionMetric.CONNECTED_NODES,
          DefaultSessionMetric.BYTES_SENT,
          DefaultSessionMetric.BYTES_RECEIVED,
          DefaultSessionMetric.CQL_PREPARED_CACHE_SIZE);

  /**
   * Each node's metrics: the connection pool and the errors, retries and timeouts by kind. Not the
   * per-node latency histogram (the session's covers latency at a fraction of the series).
   */
  static final List<DefaultNodeMetric> NODE_METRICS =
      List.of(
          DefaultNodeMetric.OPEN_CONNECTIONS,
          DefaultNodeMetric.AVAILABLE_STREAMS,
          DefaultNodeMetric.IN_FLIGHT,
          DefaultNodeMetric.ORPHANED_STREAMS,
          DefaultNodeMetric.UNSENT_REQUESTS,
          DefaultNodeMetric.ABORTED_REQUESTS,
          DefaultNodeMetric.WRITE_TIMEOUTS,
          DefaultNodeMetric.READ_TIMEOUTS,
          DefaultNodeMetric.UNAVAILABLES,
          DefaultNodeMetric.OTHER_ERRORS,
          DefaultNodeMetric.RETRIES,
          DefaultNodeMetric.IGNORES,
          DefaultNodeMetric.SPECULATIVE_EXECUTIONS,
          DefaultNodeMetric.CONNECTION_INIT_ERRORS,
          DefaultNodeMetric.AUTHENTICATION_ERRORS);

  static CompletionStage<CqlSession> open(CqlStoreConfig config) {
    return open(config, null);
  }

  /** Opens the session; with a {@code registry}, the driver's metrics are registered in it. */
  static CompletionStage<CqlSession> open(CqlStoreConfig config, MeterRegistry registry) {
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(driverConfig(config, registry != null))
            .withApplicationName("result-store");
    if (registry != null) {
      builder.withMetricRegistry(registry);
    }
    for (String hostPort : config.contactPoints()) {
      InetSocketAddress address = ConfigChecks.contactPoint(hostPort);
      builder.addContactPoint(address);
    }
    if (config.localDatacenter() != null) {
      builder.withLocalDatacenter(config.localDatacenter());
    }
    if (config.username() != null) {
      builder.withAuthCredentials(config.username(), config.password());
    }
    if (config.tls() != null && config.tls().enabled()) {
      builder.withSslEngineFactory(new TlsEngineFactory(config.tls()));
    }
    return builder.buildAsync();
  }

  /** The longest wait between two reconnection attempts to a node that went away. */
  static final Duration RECONNECTION_MAX_DELAY = Duration.ofSeconds(5);

  static DriverConfigLoader driverConfig(CqlStoreConfig config) {
    return driverConfig(config, false);
  }

  /** The driver's settings; {@code withMetrics} turns on its Micrometer metrics. */
  static DriverConfigLoader driverConfig(CqlStoreConfig config, boolean withMetrics) {
    Duration connect = config.connectTimeout();
    Duration request = config.requestTimeout();
    Duration metadata = request.compareTo(connect) > 0 ? request : connect;
    ProgrammaticDriverConfigLoaderBuilder options =
        DriverConfigLoader.programmaticBuilder()
            .withString(DefaultDriverOption.SESSION_NAME, SESSION_NAME)
            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, connect)
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, connect)
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, connect)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, request)
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, metadata)
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.readConsistency().name())
            .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
            // After an outage the writes wait for the driver to reconnect: its default back-off
            // grows to 60 s, which kept a runner idle for up to 54 s after Cassandra was back.
            .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofSeconds(1))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, RECONNECTION_MAX_DELAY)
            .withStringList(
                DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES,
                List.of(CqlIdentifier.fromCql(config.keyspace()).asInternal()));
    if (config.localDatacenter() == null) {
      options.withString(
          DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy");
    }
    if (withMetrics) {
      options
          .withString(
              DefaultDriverOption.METRICS_FACTORY_CLASS, MicrometerMetricsFactory.class.getName())
          .withString(
              DefaultDriverOption.METRICS_ID_GENERATOR_CLASS,
              TaggingMetricIdGenerator.class.getName())
          .withString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX, METRICS_PREFIX)
          .withStringList(
              DefaultDriverOption.METRICS_SESSION_ENABLED,
              SESSION_METRICS.stream().map(DefaultSessionMetric::getPath).toList())
          .withStringList(
              DefaultDriverOption.METRICS_NODE_ENABLED,
              NODE_METRICS.stream().map(DefaultNodeMetric::getPath).toList())
          .withDuration(
              DefaultDriverOption.METRICS_SESSION_CQL_REQUESTS_HIGHEST, request.plusSeconds(1));
    }
    return options.build();
  }
}
