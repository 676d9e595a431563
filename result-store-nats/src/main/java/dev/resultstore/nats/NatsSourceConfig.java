package dev.resultstore.nats;

import dev.resultstore.core.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link NatsResultSource}. Build one with {@link #builder()}, whose Javadoc
 * states every default (the contract's values). {@link Builder#build()} validates every setting and
 * throws {@link IllegalArgumentException} naming the setting, its value and what was expected.
 *
 * <p>Nullable settings: {@code token}, {@code username}, {@code password}, {@code credentialsFile}
 * and {@code tls} ({@code null} = not used; a blank secret counts as not set). At most one way of
 * authenticating may be set. {@link #toString()} never shows a secret (nor the password or token of
 * a server URL).
 *
 * <p>Values with a private constructor taking the builder: a new option never breaks a caller.
 */
public final class NatsSourceConfig {

  /** The smallest {@code maxInFlightBytes}: two of NATS's default maximum payloads (1 MiB). */
  public static final long MIN_IN_FLIGHT_BYTES = 2L * 1024 * 1024;

  /** The most bytes one pull asks for, far below the server's per-client pending limit. */
  public static final long MAX_PULL_BYTES = 16L * 1024 * 1024;

  /** The longest {@code ackLinger}: far below any ack deadline. */
  public static final Duration MAX_ACK_LINGER = Duration.ofSeconds(1);

  private final List<String> servers;
  private final String subjectPrefix;
  private final String streamName;
  private final int streamReplicas;
  private final Duration streamMaxAge;
  private final Duration duplicatesWindow;
  private final String consumerName;
  private final Duration ackWait;
  private final int maxDeliver;
  private final List<Duration> backoff;
  private final int maxAckPending;
  private final int fetchBatchSize;
  private final int maxInFlight;
  private final long maxInFlightBytes;
  private final Duration ackLinger;
  private final Duration drainTimeout;
  private final Duration connectTimeout;
  private final String token;
  private final String username;
  private final String password;
  private final Path credentialsFile;
  private final TlsSettings tls;
  private final Duration outageBackoffInitial;
  private final Duration outageBackoffMax;

  private NatsSourceConfig(Builder builder) {
    List<String> servers = builder.servers;
    String subjectPrefix = builder.subjectPrefix;
    String streamName = builder.streamName;
    int streamReplicas = builder.streamReplicas;
    Duration streamMaxAge = builder.streamMaxAge;
    Duration duplicatesWindow = builder.duplicatesWindow;
    String consumerName = builder.consumerName;
    Duration ackWait = builder.ackWait;
    int maxDeliver = builder.maxDeliver;
    List<Duration> backoff = builder.backoff;
    int maxAckPending = builder.maxAckPending;
    int fetchBatchSize = builder.fetchBatchSize;
    int maxInFlight = builder.maxInFlight;
    long maxInFlightBytes = builder.maxInFlightBytes;
    Duration ackLinger = builder.ackLinger;
    Duration drainTimeout = builder.drainTimeout;
    Duration connectTimeout = builder.connectTimeout;
    String token = builder.token;
    String username = builder.username;
    String password = builder.password;
    Path credentialsFile = builder.credentialsFile;
    TlsSettings tls = builder.tls;
    Duration outageBackoffInitial = builder.outageBackoffInitial;
    Duration outageBackoffMax = builder.outageBackoffMax;
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
    this.servers = servers;
    this.subjectPrefix = subjectPrefix;
    this.streamName = streamName;
    this.streamReplicas = streamReplicas;
    this.streamMaxAge = streamMaxAge;
    this.duplicatesWindow = duplicatesWindow;
    this.consumerName = consumerName;
    this.ackWait = ackWait;
    this.maxDeliver = maxDeliver;
    this.backoff = backoff;
    this.maxAckPending = maxAckPending;
    this.fetchBatchSize = fetchBatchSize;
    this.maxInFlight = maxInFlight;
    this.maxInFlightBytes = maxInFlightBytes;
    this.ackLinger = ackLinger;
    this.drainTimeout = drainTimeout;
    this.connectTimeout = connectTimeout;
    this.token = token;
    this.username = username;
    this.password = password;
    this.credentialsFile = credentialsFile;
    this.tls = tls;
    this.outageBackoffInitial = outageBackoffInitial;
    this.outageBackoffMax = outageBackoffMax;
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

  /** The NATS URLs to connect to, e.g. {@code nats://127.0.0.1:4222}. */
  public List<String> servers() {
    return servers;
  }

  /** The subject prefix, one or more literal tokens, e.g. {@code runtime.serverless}. */
  public String subjectPrefix() {
    return subjectPrefix;
  }

  /** The stream holding the results; created with the contract's settings when missing. */
  public String streamName() {
    return streamName;
  }

  /** Replicas of a stream we create (1 to 5). */
  public int streamReplicas() {
    return streamReplicas;
  }

  /** Max age of a stream we create. */
  public Duration streamMaxAge() {
    return streamMaxAge;
  }

  /** Duplicate window of a stream we create; at most {@code streamMaxAge}. */
  public Duration duplicatesWindow() {
    return duplicatesWindow;
  }

  /** The durable pull consumer shared by every instance. */
  public String consumerName() {
    return consumerName;
  }

  /**
   * How long the server waits for an ack before redelivering; when {@code backoff} is not empty the
   * server uses its first entry instead, as it does for the Go component.
   */
  public Duration ackWait() {
    return ackWait;
  }

  /**
   * Deliveries of a message whose failures we cannot classify before it is dead-lettered as {@code
   * retry_exhausted}; more than the number of {@code backoff} entries.
   */
  public int maxDeliver() {
    return maxDeliver;
  }

  /** The delays before the redeliveries of such a message; may be empty. */
  public List<Duration> backoff() {
    return backoff;
  }

  /** Messages the consumer hands out unacknowledged, to all instances together. */
  public int maxAckPending() {
    return maxAckPending;
  }

  /** Messages asked for in one pull request. */
  public int fetchBatchSize() {
    return fetchBatchSize;
  }

  /** Messages one instance holds at most (being decoded, written, dead-lettered). */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Bytes of messages one instance holds at most (payload, headers and subjects as NATS counts
   * them); each pull asks for no more bytes than are free ({@code max_bytes}, at most {@link
   * #MAX_PULL_BYTES} per pull); at least {@link #MIN_IN_FLIGHT_BYTES}. A held message takes about
   * twice its size in heap (the NATS payload and the body the store writes from it), so the default
   * of 64 MiB keeps about 128 MiB of a 576 MiB heap (the reference pod: 768 MiB, 75 % heap) for
   * held messages.
   */
  public long maxInFlightBytes() {
    return maxInFlightBytes;
  }

  /**
   * How long the ack of a stored message may wait for others to be sent with it, in one write
   * rather than one packet each (0 to {@link #MAX_ACK_LINGER}; zero sends each at once); a message
   * is held until its ack is sent, and acks are sent at once when {@code maxInFlight / 8} of them
   * wait.
   */
  public Duration ackLinger() {
    return ackLinger;
  }

  /**
   * How long {@link NatsResultSource#close()} waits for the held messages to finish before it naks
   * the rest.
   */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** Timeout of one connection attempt. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The token to authenticate with. */
  public String token() {
    return token;
  }

  /** The user to authenticate as; needs {@code password}. */
  public String username() {
    return username;
  }

  /** The password of {@code username}. */
  public String password() {
    return password;
  }

  /** A NATS {@code .creds} file (JWT and NKey seed). */
  public Path credentialsFile() {
    return credentialsFile;
  }

  /**
   * TLS settings, used when {@link TlsSettings#enabled()}: the server's certificate and host name
   * are verified (unless {@code insecureSkipVerify}) and {@code serverName} is sent as SNI; {@code
   * null} for a plain connection.
   */
  public TlsSettings tls() {
    return tls;
  }

  /** The first delay before a write is retried in a store outage. */
  public Duration outageBackoffInitial() {
    return outageBackoffInitial;
  }

  /** The longest delay between two retries in a store outage. */
  public Duration outageBackoffMax() {
    return outageBackoffMax;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NatsSourceConfig that
        && Objects.equals(servers, that.servers)
        && Objects.equals(subjectPrefix, that.subjectPrefix)
        && Objects.equals(streamName, that.streamName)
        && streamReplicas == that.streamReplicas
        && Objects.equals(streamMaxAge, that.streamMaxAge)
        && Objects.equals(duplicatesWindow, that.duplicatesWindow)
        && Objects.equals(consumerName, that.consumerName)
        && Objects.equals(ackWait, that.ackWait)
        && maxDeliver == that.maxDeliver
        && Objects.equals(backoff, that.backoff)
        && maxAckPending == that.maxAckPending
        && fetchBatchSize == that.fetchBatchSize
        && maxInFlight == that.maxInFlight
        && maxInFlightBytes == that.maxInFlightBytes
        && Objects.equals(ackLinger, that.ackLinger)
        && Objects.equals(drainTimeout, that.drainTimeout)
        && Objects.equals(connectTimeout, that.connectTimeout)
        && Objects.equals(token, that.token)
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password)
        && Objects.equals(credentialsFile, that.credentialsFile)
        && Objects.equals(tls, that.tls)
        && Objects.equals(outageBackoffInitial, that.outageBackoffInitial)
        && Objects.equals(outageBackoffMax, that.outageBackoffMax);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
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
      return new NatsSourceConfig(this);
    }
  }
}
