package dev.resultstore.nats;

import dev.resultstore.core.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of a {@link NatsResultSource}. Build one with {@link #builder()}, whose Javadoc
 * states every default (the contract's values). The constructor validates every component and
 * throws {@link IllegalArgumentException} naming the setting, its value and what was expected.
 *
 * <p>Nullable components: {@code token}, {@code username}, {@code password}, {@code
 * credentialsFile} and {@code tls} ({@code null} = not used; a blank secret counts as not set). At
 * most one way of authenticating may be set. {@link #toString()} never shows a secret (nor the
 * password or token of a server URL).
 *
 * @param servers the NATS URLs to connect to, e.g. {@code nats://127.0.0.1:4222}
 * @param subjectPrefix the subject prefix, one or more literal tokens, e.g. {@code
 *     runtime.serverless}
 * @param streamName the stream holding the results; created with the contract's settings when
 *     missing
 * @param streamReplicas replicas of a stream we create (1 to 5)
 * @param streamMaxAge max age of a stream we create
 * @param duplicatesWindow duplicate window of a stream we create; at most {@code streamMaxAge}
 * @param consumerName the durable pull consumer shared by every instance
 * @param ackWait how long the server waits for an ack before redelivering; when {@code backoff} is
 *     not empty the server uses its first entry instead, as it does for the Go component
 * @param maxDeliver deliveries of a message whose failures we cannot classify before it is
 *     dead-lettered as {@code retry_exhausted}; more than the number of {@code backoff} entries
 * @param backoff the delays before the redeliveries of such a message; may be empty
 * @param maxAckPending messages the consumer hands out unacknowledged, to all instances together
 * @param fetchBatchSize messages asked for in one pull request
 * @param maxInFlight messages one instance holds at most (being decoded, written, dead-lettered)
 * @param maxInFlightBytes bytes of messages one instance holds at most (payload, headers and
 *     subjects as NATS counts them); each pull asks for no more bytes than are free ({@code
 *     max_bytes}, at most {@link #MAX_PULL_BYTES} per pull); at least {@link #MIN_IN_FLIGHT_BYTES}.
 *     A held message takes about twice its size in heap (the NATS payload and the body the store
 *     writes from it), so the default of 64 MiB keeps about 128 MiB of a 576 MiB heap (the
 *     reference pod: 768 MiB, 75 % heap) for held messages
 * @param ackLinger how long the ack of a stored message may wait for others to be sent with it, in
 *     one write rather than one packet each (0 to {@link #MAX_ACK_LINGER}; zero sends each at
 *     once); a message is held until its ack is sent, and acks are sent at once when {@code
 *     maxInFlight / 8} of them wait
 * @param drainTimeout how long {@link NatsResultSource#close()} waits for the held messages to
 *     finish before it naks the rest
 * @param connectTimeout timeout of one connection attempt
 * @param token the token to authenticate with
 * @param username the user to authenticate as; needs {@code password}
 * @param password the password of {@code username}
 * @param credentialsFile a NATS {@code .creds} file (JWT and NKey seed)
 * @param tls TLS settings, used when {@link TlsSettings#enabled()}: the server's certificate and
 *     host name are verified (unless {@code insecureSkipVerify}) and {@code serverName} is sent as
 *     SNI; {@code null} for a plain connection
 * @param outageBackoffInitial the first delay before a write is retried in a store outage
 * @param outageBackoffMax the longest delay between two retries in a store outage
 */
public record NatsSourceConfig(
    List<String> servers,
    String subjectPrefix,
    String streamName,
    int streamReplicas,
    Duration streamMaxAge,
    Duration duplicatesWindow,
    String consumerName,
    Duration ackWait,
    int maxDeliver,
    List<Duration> backoff,
    int maxAckPending,
    int fetchBatchSize,
    int maxInFlight,
    long maxInFlightBytes,
    Duration ackLinger,
    Duration drainTimeout,
    Duration connectTimeout,
    String token,
    String username,
    String password,
    Path credentialsFile,
    TlsSettings tls,
    Duration outageBackoffInitial,
    Duration outageBackoffMax) {

  /** The smallest {@code maxInFlightBytes}: two of NATS's default maximum payloads (1 MiB). */
  public static final long MIN_IN_FLIGHT_BYTES = 2L * 1024 * 1024;

  /** The most bytes one pull asks for, far below the server's per-client pending limit. */
  public static final long MAX_PULL_BYTES = 16L * 1024 * 1024;

  /** The longest {@code ackLinger}: far below any ack deadline. */
  public static final Duration MAX_ACK_LINGER = Duration.ofSeconds(1);

  /** Validates every component; see the class Javadoc. */
  public NatsSourceConfig {
    servers = ConfigChecks.servers(servers);
    ConfigChecks.subjectPrefix(subjectPrefix);
    ConfigChecks.name("streamName", streamName);
    ConfigChecks.range("streamReplicas", streamReplicas, 1, 5);
    ConfigChecks.positive("streamMaxAge", streamMaxAge);
    ConfigChecks.positive("duplicatesWindow", duplicatesWindow);
    ConfigChecks.notLonger("duplicatesWindow", duplicatesWindow, "streamMaxAge", streamMaxAge);
    ConfigChecks.name("consumerName", consumerName);
    ConfigChecks.positive("ackWait", ackWait);
    backoff = ConfigChecks.backoff(backoff);
    ConfigChecks.maxDeliver(maxDeliver, backoff);
    ConfigChecks.range("maxAckPending", maxAckPending, 1, 1_000_000);
    ConfigChecks.range("fetchBatchSize", fetchBatchSize, 1, 10_000);
    ConfigChecks.range("maxInFlight", maxInFlight, 1, 100_000);
    ConfigChecks.atLeast("maxInFlightBytes", maxInFlightBytes, MIN_IN_FLIGHT_BYTES);
    ConfigChecks.between("ackLinger", ackLinger, Duration.ZERO, MAX_ACK_LINGER);
    ConfigChecks.notNegative("drainTimeout", drainTimeout);
    ConfigChecks.positive("connectTimeout", connectTimeout);
    token = ConfigChecks.blankToNull(token);
    username = ConfigChecks.blankToNull(username);
    password = ConfigChecks.blankToNull(password);
    ConfigChecks.auth(token, username, password, credentialsFile);
    ConfigChecks.positive("outageBackoffInitial", outageBackoffInitial);
    ConfigChecks.notShorter(
        "outageBackoffMax", outageBackoffMax, "outageBackoffInitial", outageBackoffInitial);
  }

  /** A builder holding the contract's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The settings, with {@code token} and {@code password} masked. */
  @Override
  public String toString() {
    return "NatsSourceConfig[servers="
        + Redaction.urls(servers)
        + ", subjectPrefix="
        + subjectPrefix
        + ", streamName="
        + streamName
        + ", streamReplicas="
        + streamReplicas
        + ", streamMaxAge="
        + streamMaxAge
        + ", duplicatesWindow="
        + duplicatesWindow
        + ", consumerName="
        + consumerName
        + ", ackWait="
        + ackWait
        + ", maxDeliver="
        + maxDeliver
        + ", backoff="
        + backoff
        + ", maxAckPending="
        + maxAckPending
        + ", fetchBatchSize="
        + fetchBatchSize
        + ", maxInFlight="
        + maxInFlight
        + ", maxInFlightBytes="
        + maxInFlightBytes
        + ", ackLinger="
        + ackLinger
        + ", drainTimeout="
        + drainTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", token="
        + (token == null ? null : "****")
        + ", username="
        + (username == null ? null : "****")
        + ", password="
        + (password == null ? null : "****")
        + ", credentialsFile="
        + credentialsFile
        + ", tls="
        + (tls == null ? null : tls.enabled() ? "enabled" : "disabled")
        + ", outageBackoffInitial="
        + outageBackoffInitial
        + ", outageBackoffMax="
        + outageBackoffMax
        + "]";
  }

  /** Builds a {@link NatsSourceConfig}; every setter states its default. Not thread-safe. */
  public static final class Builder {
    private List<String> servers = List.of("nats://127.0.0.1:4222");
    private String subjectPrefix = "runtime.serverless";
    private String streamName = "RUNTIME_SERVERLESS";
    private int streamReplicas = 1;
    private Duration streamMaxAge = Duration.ofHours(72);
    private Duration duplicatesWindow = Duration.ofHours(24);
    private String consumerName = "runtime-result-store";
    private Duration ackWait = Duration.ofSeconds(30);
    private int maxDeliver = 5;
    private List<Duration> backoff =
        List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    private int maxAckPending = 1024;
    private int fetchBatchSize = 256;
    private int maxInFlight = 512;
    private long maxInFlightBytes = 64L * 1024 * 1024;
    private Duration ackLinger = Duration.ofMillis(5);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private String token;
    private String username;
    private String password;
    private Path credentialsFile;
    private TlsSettings tls;
    private Duration outageBackoffInitial = Duration.ofMillis(200);
    private Duration outageBackoffMax = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(NatsSourceConfig config) {
      servers = config.servers;
      subjectPrefix = config.subjectPrefix;
      streamName = config.streamName;
      streamReplicas = config.streamReplicas;
      streamMaxAge = config.streamMaxAge;
      duplicatesWindow = config.duplicatesWindow;
      consumerName = config.consumerName;
      ackWait = config.ackWait;
      maxDeliver = config.maxDeliver;
      backoff = config.backoff;
      maxAckPending = config.maxAckPending;
      fetchBatchSize = config.fetchBatchSize;
      maxInFlight = config.maxInFlight;
      maxInFlightBytes = config.maxInFlightBytes;
      ackLinger = config.ackLinger;
      drainTimeout = config.drainTimeout;
      connectTimeout = config.connectTimeout;
      token = config.token;
      username = config.username;
      password = config.password;
      credentialsFile = config.credentialsFile;
      tls = config.tls;
      outageBackoffInitial = config.outageBackoffInitial;
      outageBackoffMax = config.outageBackoffMax;
    }

    /** Default: {@code [nats://127.0.0.1:4222]}. */
    public Builder servers(List<String> value) {
      servers = value;
      return this;
    }

    /** Default: {@code runtime.serverless}. */
    public Builder subjectPrefix(String value) {
      subjectPrefix = value;
      return this;
    }

    /** Default: {@code RUNTIME_SERVERLESS}. */
    public Builder streamName(String value) {
      streamName = value;
      return this;
    }

    /** Default: 1 (3 in production clusters). */
    public Builder streamReplicas(int value) {
      streamReplicas = value;
      return this;
    }

    /** Default: 72h. */
    public Builder streamMaxAge(Duration value) {
      streamMaxAge = value;
      return this;
    }

    /** Default: 24h. */
    public Builder duplicatesWindow(Duration value) {
      duplicatesWindow = value;
      return this;
    }

    /** Default: {@code runtime-result-store}. */
    public Builder consumerName(String value) {
      consumerName = value;
      return this;
    }

    /** Default: 30s (the server uses the first back-off entry instead when there is one). */
    public Builder ackWait(Duration value) {
      ackWait = value;
      return this;
    }

    /** Default: 5, from 1 to 1000. */
    public Builder maxDeliver(int value) {
      maxDeliver = value;
      return this;
    }

    /** Default: {@code [2s, 10s, 30s]}. */
    public Builder backoff(List<Duration> value) {
      backoff = value;
      return this;
    }

    /** Default: 1024, from 1 to 1000000. */
    public Builder maxAckPending(int value) {
      maxAckPending = value;
      return this;
    }

    /** Default: 256, from 1 to 10000. */
    public Builder fetchBatchSize(int value) {
      fetchBatchSize = value;
      return this;
    }

    /** Default: 512, from 1 to 100000. */
    public Builder maxInFlight(int value) {
      maxInFlight = value;
      return this;
    }

    /**
     * Default: 64 MiB (67108864), which fits the reference pod's 576 MiB heap with room for the
     * store's own buffers; at least {@link #MIN_IN_FLIGHT_BYTES}.
     */
    public Builder maxInFlightBytes(long value) {
      maxInFlightBytes = value;
      return this;
    }

    /** Default: 5ms. */
    public Builder ackLinger(Duration value) {
      ackLinger = value;
      return this;
    }

    /** Default: 30s. */
    public Builder drainTimeout(Duration value) {
      drainTimeout = value;
      return this;
    }

    /** Default: 5s. */
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    /** Default: none. */
    public Builder token(String value) {
      token = value;
      return this;
    }

    /** Default: none. */
    public Builder username(String value) {
      username = value;
      return this;
    }

    /** Default: none. */
    public Builder password(String value) {
      password = value;
      return this;
    }

    /** Default: none. */
    public Builder credentialsFile(Path value) {
      credentialsFile = value;
      return this;
    }

    /** Default: none (plain connection). */
    public Builder tls(TlsSettings value) {
      tls = value;
      return this;
    }

    /** Default: 200ms, doubling up to 10s. */
    public Builder outageBackoff(Duration initial, Duration max) {
      outageBackoffInitial = initial;
      outageBackoffMax = max;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is invalid
     */
    public NatsSourceConfig build() {
      return new NatsSourceConfig(
          servers,
          subjectPrefix,
          streamName,
          streamReplicas,
          streamMaxAge,
          duplicatesWindow,
          consumerName,
          ackWait,
          maxDeliver,
          backoff,
          maxAckPending,
          fetchBatchSize,
          maxInFlight,
          maxInFlightBytes,
          ackLinger,
          drainTimeout,
          connectTimeout,
          token,
          username,
          password,
          credentialsFile,
          tls,
          outageBackoffInitial,
          outageBackoffMax);
    }
  }
}
