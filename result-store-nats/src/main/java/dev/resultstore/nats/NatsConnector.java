package dev.resultstore.nats;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.internal.TlsFailures;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the source's own connection: every configured server, reconnecting forever, with the
 * configured authentication and TLS, state changes logged, and a callback on each reconnect.
 */
final class NatsConnector {
  private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);
  private static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

  private NatsConnector() {}

  /** The client options for {@code config}; {@code onReconnect} runs on a NATS thread. */
  static Options options(NatsSourceConfig config, Runnable onReconnect) {
    return options(config, onReconnect, new ErrorLogger(config.tls(), SourceListener.NONE));
  }

  private static Options options(
      NatsSourceConfig config, Runnable onReconnect, ErrorLogger errors) {
    return common(config, "result-store " + config.consumerName(), errors)
        .maxReconnects(-1)
        .reconnectWait(RECONNECT_WAIT)
        .connectionListener(new StateLogger(onReconnect))
        .build();
  }

  /**
   * What every connection of ours shares: the servers, the connect timeout, the credentials, and
   * TLS that verifies the server's host name (or {@code tls.serverName}).
   */
  private static Options.Builder common(
      NatsSourceConfig config, String connectionName, ErrorLogger errors) {
    Options.Builder builder =
        new Options.Builder()
            .servers(config.servers().toArray(new String[0]))
            .connectionName(connectionName)
            .connectionTimeout(config.connectTimeout())
            .errorListener(errors);
    if (config.token() != null) {
      builder.token(config.token().toCharArray());
    }
    if (config.username() != null) {
      builder.userInfo(config.username().toCharArray(), config.password().toCharArray());
    }
    if (config.credentialsFile() != null) {
      builder.authHandler(Nats.credentials(config.credentialsFile().toString()));
    }
    TlsSettings tls = effectiveTls(config);
    if (tls != null) {
      builder.sslContext(VerifyingSslContext.create(tls));
    }
    return builder;
  }

  /**
   * The TLS settings to connect with: the configured ones when enabled; for a {@code tls://} URL
   * without them, TLS verifying the server's certificate against the system's CAs and its host name
   * (as the Go client does for such a URL), with a warning; else none. Never jnats' own context for
   * {@code tls://}, which checks no host name.
   */
  static TlsSettings effectiveTls(NatsSourceConfig config) {
    if (config.tls() != null && config.tls().enabled()) {
      return config.tls();
    }
    boolean tlsUrl =
        config.servers().stream()
            .anyMatch(server -> server.toLowerCase(Locale.ROOT).startsWith("tls://"));
    if (!tlsUrl) {
      return null;
    }
    LOG.warn(
        "{} asks for TLS but serverless.tls.enabled is not set: verifying the server's certificate"
            + " against the system's CAs and its host name. Set serverless.tls (enabled, caFile)"
            + " to choose the CAs.",
        Redaction.urls(config.servers()));
    return TlsSettings.systemDefault();
  }

  /**
   * Connects, failing after the first round of attempts on every server.
   *
   * @throws NatsSourceException transient when no server answered, permanent when one refused our
   *     credentials
   */
  static Connection connect(NatsSourceConfig config, Runnable onReconnect) {
    return connect(config, onReconnect, SourceListener.NONE);
  }

  /**
   * As {@link #connect(NatsSourceConfig, Runnable)}, and every pull that the server ends or refuses
   * with a status is reported to {@code pulls} ({@link SourceListener#pullStatus}).
   */
  static Connection connect(NatsSourceConfig config, Runnable onReconnect, SourceListener pulls) {
    ErrorLogger errors = new ErrorLogger(config.tls(), pulls);
    return connect(config, errors, () -> options(config, onReconnect, errors));
  }

  /**
   * Connects without reconnecting, for a short-lived tool: as {@link #connect(NatsSourceConfig,
   * Runnable)} does, with the same credentials and TLS.
   */
  static Connection connectOnce(NatsSourceConfig config, String connectionName) {
    ErrorLogger errors = new ErrorLogger(config.tls(), SourceListener.NONE);
    return connect(
        config, errors, () -> common(config, connectionName, errors).maxReconnects(0).build());
  }

  private static Connection connect(
      NatsSourceConfig config, ErrorLogger errors, Supplier<Options> settings) {
    Options options;
    try {
      options = settings.get();
    } catch (RuntimeException e) {
      throw new NatsSourceException(
          "Invalid NATS connection settings: " + Failures.describe(e), e, false);
    }
    try {
      return Nats.connect(options);
    } catch (AuthenticationException e) {
      throw new NatsSourceException(
          "NATS at "
              + Redaction.urls(config.servers())
              + " refused our credentials: "
              + Failures.describe(e),
          e,
          false);
    } catch (IOException e) {
      boolean refused =
          String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("authorization");
      throw new NatsSourceException(
          "Could not connect to NATS at "
              + Redaction.urls(config.servers())
              + ": "
              + Failures.describe(e)
              + tlsHint(errors.last != null ? errors.last : e, config.tls()),
          e,
          !refused);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsSourceException("Interrupted while connecting to NATS", e, true);
    }
  }

  /** Logs connection state changes and reports reconnects. */
  private static final class StateLogger implements ConnectionListener {
    private final Runnable onReconnect;

    StateLogger(Runnable onReconnect) {
      this.onReconnect = onReconnect;
    }

    // jnats deprecates this method yet keeps it abstract; its replacement only adds a timestamp
    // and the server's URL, which getConnectedUrl() already gives.
    @SuppressWarnings("deprecation")
    @Override
    public void connectionEvent(Connection connection, Events event) {
      String server = Redaction.urls(connection.getConnectedUrl());
      switch (event) {
        case CONNECTED -> LOG.info("Connected to NATS at {}", server);
        case DISCONNECTED -> LOG.warn("Disconnected from NATS; reconnecting");
        case RECONNECTED -> {
          LOG.info("Reconnected to NATS at {}", server);
          onReconnect.run();
        }
        case RESUBSCRIBED -> LOG.debug("Subscriptions restored on {}", server);
        case CLOSED -> LOG.info("NATS connection closed");
        case LAME_DUCK -> LOG.warn("NATS server {} entered lame duck mode", server);
        default -> LOG.debug("NATS connection event {}", event);
      }
    }
  }

  /**
   * Logs what the client reports asynchronously, and reports the statuses that end pulls: jnats'
   * {@code JetStreamSubscription.nextMessage} answers a status that ends the pull ({@code 408},
   * {@code 404}, {@code 409 Leadership Change}, {@code 409 Message Size Exceeds MaxBytes}) with
   * {@code null}, as it answers a wait that ran out, and tells it only to this listener ({@code
   * pullStatusWarning}); other statuses it throws as well ({@code pullStatusError}).
   */
  static final class ErrorLogger implements ErrorListener {
    private final TlsSettings tls;
    private final SourceListener pulls;

    /** The last exception the client reported: a TLS failure reaches only this listener. */
    volatile Exception last;

    ErrorLogger(TlsSettings tls, SourceListener pulls) {
      this.tls = tls;
      this.pulls = pulls;
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
      LOG.warn("NATS server error: {}", Redaction.urls(error));
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
      last = exception;
      LOG.warn(
          "NATS client exception: {}{}",
          Redaction.urls(exception.toString()),
          tlsHint(exception, tls));
    }

    @Override
    public void pullStatusWarning(Connection connection, JetStreamSubscription sub, Status status) {
      pulls.pullStatus(status.getCode());
      if (status.getCode() == Status.REQUEST_TIMEOUT_CODE) {
        LOG.trace("Pull ended by the server: {} {}", status.getCode(), status.getMessage());
      } else {
        LOG.info("Pull ended by the server: {} {}", status.getCode(), status.getMessage());
      }
    }

    @Override
    public void pullStatusError(Connection connection, JetStreamSubscription sub, Status status) {
      pulls.pullStatus(status.getCode());
      LOG.warn("JetStream pull error: {} {}", status.getCode(), status.getMessage());
    }

    @Override
    public void heartbeatAlarm(
        Connection connection,
        JetStreamSubscription sub,
        long lastStreamSequence,
        long lastConsumerSequence) {
      LOG.debug("JetStream heartbeat missed on {}", sub.getSubject());
    }
  }

  /** {@code " (<what the certificate problem means>)"}, or empty when there is none. */
  static String tlsHint(Throwable error, TlsSettings tls) {
    return TlsFailures.explain(error, tls).map(text -> " (" + text + ")").orElse("");
  }
}
