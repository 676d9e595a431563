package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.resultstore.core.BodyStore;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.internal.SecretFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How {@link CqlResultStore} connects and what it stores where. Create one with {@link #builder()},
 * which states every default. {@link Builder#build()} validates every setting: a bad value throws
 * {@link IllegalArgumentException} naming the key, the value and what is expected. {@link
 * #toString()} never shows the password.
 *
 * <p>Values with a private constructor taking the builder: a new option never breaks a caller.
 */
public final class CqlStoreConfig {

  /** The largest lookup linger: 1 second. */
  public static final Duration MAX_LOOKUP_LINGER = Duration.ofSeconds(1);

  /** The largest {@code maxInlineBodyBytes}: 8 MiB, well below a server's mutation size limit. */
  public static final int MAX_INLINE_BODY_BYTES = 8 * 1024 * 1024;

  /** The largest {@code chunkBytes}: 8 MiB. */
  public static final int MAX_CHUNK_BYTES = 8 * 1024 * 1024;

  private final List<String> contactPoints;
  private final String localDatacenter;
  private final String keyspace;
  private final String resultsTable;
  private final String bodiesTable;
  private final String requestLookupTable;
  private final String timeLookupTable;
  private final String username;
  private final String password;
  private final TlsSettings tls;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final DefaultConsistencyLevel writeConsistency;
  private final DefaultConsistencyLevel readConsistency;
  private final int replicationFactor;
  private final Map<String, Integer> replication;
  private final boolean autoMigrate;
  private final Duration retention;
  private final int maxInlineBodyBytes;
  private final int chunkBytes;
  private final int maxInFlightWrites;
  private final Duration lookupBucket;
  private final int timeShards;
  private final BodyStore objectStore;
  private final int objectThresholdBytes;
  private final Map<InvocationState, Duration> retentionByState;
  private final Duration expiryMarkerRetention;
  private final Duration lookupLinger;

  private CqlStoreConfig(Builder builder) {
    List<String> contactPoints = builder.contactPoints;
    String localDatacenter = builder.localDatacenter;
    String keyspace = builder.keyspace;
    String resultsTable = builder.resultsTable;
    String bodiesTable = builder.derived("bodiesTable", builder.bodiesTable, "_bodies");
    String requestLookupTable =
        builder.derived("requestLookupTable", builder.requestLookupTable, "_by_request");
    String timeLookupTable =
        builder.derived("timeLookupTable", builder.timeLookupTable, "_by_time");
    String username = builder.username;
    String password = builder.password;
    TlsSettings tls = builder.tls;
    Duration connectTimeout = builder.connectTimeout;
    Duration requestTimeout = builder.requestTimeout;
    DefaultConsistencyLevel writeConsistency = builder.writeConsistency;
    DefaultConsistencyLevel readConsistency = builder.readConsistency;
    int replicationFactor = builder.replicationFactor;
    Map<String, Integer> replication = builder.replication;
    boolean autoMigrate = builder.autoMigrate;
    Duration retention = builder.retention;
    int maxInlineBodyBytes = builder.maxInlineBodyBytes;
    int chunkBytes = builder.chunkBytes;
    int maxInFlightWrites = builder.maxInFlightWrites;
    Duration lookupBucket = builder.lookupBucket;
    int timeShards = builder.timeShards;
    BodyStore objectStore = builder.objectStore;
    int objectThresholdBytes =
        builder.objectThresholdBytes == null
            ? builder.maxInlineBodyBytes
            : builder.objectThresholdBytes;
    Map<InvocationState, Duration> retentionByState = builder.retentionByState;
    Duration expiryMarkerRetention = builder.expiryMarkerRetention;
    Duration lookupLinger = builder.lookupLinger;
    contactPoints = ConfigChecks.contactPoints(contactPoints);
    if (localDatacenter != null && localDatacenter.isBlank()) {
      throw ConfigChecks.invalid(
          "localDatacenter", localDatacenter, "a datacenter name, or null to infer it");
    }
    ConfigChecks.cqlName("keyspace", keyspace);
    ConfigChecks.cqlName("resultsTable", resultsTable);
    ConfigChecks.cqlName("bodiesTable", bodiesTable);
    ConfigChecks.cqlName("requestLookupTable", requestLookupTable);
    ConfigChecks.cqlName("timeLookupTable", timeLookupTable);
    ConfigChecks.cqlName("statusTable", resultsTable + "_status");
    List<String> tables = List.of(resultsTable, bodiesTable, requestLookupTable, timeLookupTable);
    if (tables.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct().count()
        != tables.size()) {
      throw ConfigChecks.invalid("tables", tables, "four different table names");
    }
    if ((username == null) != (password == null)) {
      throw ConfigChecks.invalid(
          username == null ? "username" : "password",
          null,
          "username and password set together (or neither)");
    }
    ConfigChecks.positive("connectTimeout", connectTimeout);
    ConfigChecks.positive("requestTimeout", requestTimeout);
    ConfigChecks.consistency("writeConsistency", writeConsistency, false);
    ConfigChecks.consistency("readConsistency", readConsistency, true);
    ConfigChecks.range("replicationFactor", replicationFactor, 1, 100);
    replication = copyReplication(replication);
    ConfigChecks.retention("retention", retention);
    ConfigChecks.range("maxInlineBodyBytes", maxInlineBodyBytes, 0, MAX_INLINE_BODY_BYTES);
    ConfigChecks.range("chunkBytes", chunkBytes, 1024, MAX_CHUNK_BYTES);
    ConfigChecks.range("maxInFlightWrites", maxInFlightWrites, 1, 100_000);
    ConfigChecks.between("lookupBucket", lookupBucket, Duration.ofMinutes(1), Duration.ofDays(7));
    ConfigChecks.range("timeShards", timeShards, 1, 1024);
    ConfigChecks.range("objectThresholdBytes", objectThresholdBytes, 0, Integer.MAX_VALUE);
    retentionByState = copyRetentions(retentionByState);
    ConfigChecks.retention("expiryMarkerRetention", expiryMarkerRetention);
    ConfigChecks.between("lookupLinger", lookupLinger, Duration.ZERO, MAX_LOOKUP_LINGER);
    this.contactPoints = contactPoints;
    this.localDatacenter = localDatacenter;
    this.keyspace = keyspace;
    this.resultsTable = resultsTable;
    this.bodiesTable = bodiesTable;
    this.requestLookupTable = requestLookupTable;
    this.timeLookupTable = timeLookupTable;
    this.username = username;
    this.password = password;
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.writeConsistency = writeConsistency;
    this.readConsistency = readConsistency;
    this.replicationFactor = replicationFactor;
    this.replication = replication;
    this.autoMigrate = autoMigrate;
    this.retention = retention;
    this.maxInlineBodyBytes = maxInlineBodyBytes;
    this.chunkBytes = chunkBytes;
    this.maxInFlightWrites = maxInFlightWrites;
    this.lookupBucket = lookupBucket;
    this.timeShards = timeShards;
    this.objectStore = objectStore;
    this.objectThresholdBytes = objectThresholdBytes;
    this.retentionByState = retentionByState;
    this.expiryMarkerRetention = expiryMarkerRetention;
    this.lookupLinger = lookupLinger;
  }

  /**
   * The table of expiry markers and dead-letter records: {@code <resultsTable>_status}, at most 48
   * characters (a longer results table name needs a shorter one).
   */
  public String statusTable() {
    return resultsTable + "_status";
  }

  /** The retention of results in {@code state}: its own, or {@code retention}. */
  public Duration retention(InvocationState state) {
    return retentionByState.getOrDefault(state, retention);
  }

  private static Map<InvocationState, Duration> copyRetentions(
      Map<InvocationState, Duration> retentions) {
    if (retentions == null || retentions.isEmpty()) {
      return Map.of();
    }
    Map<InvocationState, Duration> copy = new EnumMap<>(InvocationState.class);
    retentions.forEach(
        (state, retention) -> {
          if (state == null) {
            throw ConfigChecks.invalid("retentionByState", null, "states as keys");
          }
          copy.put(
              state, ConfigChecks.retention("retentionByState." + state.wireValue(), retention));
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Writes accepted at once per running write: one running, four waiting for a permit. */
  public static final int ACCEPTED_PER_WRITE = 5;

  /**
   * How many {@link CqlResultStore#write} calls the store accepts at once: {@code
   * maxInFlightWrites} running and four times as many waiting; the writes beyond fail at once with
   * a {@link dev.resultstore.core.TransientStoreException}. A caller holds no more writes than that
   * (the runner checks the source's {@code maxInFlight} against it at startup).
   */
  public int acceptedWrites() {
    return maxInFlightWrites * ACCEPTED_PER_WRITE;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Every setting, with the user name and password masked. */
  @Override
  public String toString() {
    return "CqlStoreConfig[contactPoints="
        + contactPoints
        + ", localDatacenter="
        + localDatacenter
        + ", keyspace="
        + keyspace
        + ", tables="
        + List.of(resultsTable, bodiesTable, requestLookupTable, timeLookupTable)
        + ", username="
        + (username == null ? "null" : "****")
        + ", password="
        + (password == null ? "null" : "****")
        + ", tls="
        + (tls != null && tls.enabled())
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", writeConsistency="
        + writeConsistency
        + ", readConsistency="
        + readConsistency
        + ", replicationFactor="
        + replicationFactor
        + ", replication="
        + replication
        + ", autoMigrate="
        + autoMigrate
        + ", retention="
        + retention
        + ", maxInlineBodyBytes="
        + maxInlineBodyBytes
        + ", chunkBytes="
        + chunkBytes
        + ", maxInFlightWrites="
        + maxInFlightWrites
        + ", lookupBucket="
        + lookupBucket
        + ", timeShards="
        + timeShards
        + ", objectStore="
        + objectStore
        + ", objectThresholdBytes="
        + objectThresholdBytes
        + ", retentionByState="
        + retentionByState
        + ", expiryMarkerRetention="
        + expiryMarkerRetention
        + ", lookupLinger="
        + lookupLinger
        + "]";
  }

  private static Map<String, Integer> copyReplication(Map<String, Integer> replication) {
    if (replication == null || replication.isEmpty()) {
      return Map.of();
    }
    Map<String, Integer> copy = new TreeMap<>();
    replication.forEach(
        (datacenter, factor) -> {
          if (datacenter == null || datacenter.isBlank() || !datacenter.matches("[\\w.\\-]+")) {
            throw ConfigChecks.invalid(
                "replication", datacenter, "datacenter names of letters, digits, '_', '-' or '.'");
          }
          if (factor == null || factor < 0 || factor > 100) {
            throw ConfigChecks.invalid(
                "replication." + datacenter, factor, "a replication factor from 0 to 100");
          }
          copy.put(datacenter, factor);
        });
    return Collections.unmodifiableMap(new LinkedHashMap<>(copy));
  }

  /**
   * Where the driver first connects, {@code host:port} ({@code host} alone means port 9042; IPv6 as
   * {@code [::1]:9042}).
   */
  public List<String> contactPoints() {
    return contactPoints;
  }

  /**
   * The datacenter whose nodes get the requests; {@code null} to infer it from the contact points
   * (which must then all be in one datacenter).
   */
  public String localDatacenter() {
    return localDatacenter;
  }

  /** The keyspace of every table. */
  public String keyspace() {
    return keyspace;
  }

  /** The table with one row per invocation, column for column the Go side's. */
  public String resultsTable() {
    return resultsTable;
  }

  /** The table of body chunks for bodies over {@code maxInlineBodyBytes}. */
  public String bodiesTable() {
    return bodiesTable;
  }

  /** The lookup by serverless request id and time bucket. */
  public String requestLookupTable() {
    return requestLookupTable;
  }

  /** The lookup by time bucket and shard, across all requests. */
  public String timeLookupTable() {
    return timeLookupTable;
  }

  /** The user to authenticate as; {@code null} for no authentication. */
  public String username() {
    return username;
  }

  /** The password of {@code username}; {@code null} for no authentication. */
  public String password() {
    return password;
  }

  /**
   * How to encrypt the connections; {@code null} or not {@link TlsSettings#enabled()} for plain
   * text.
   */
  public TlsSettings tls() {
    return tls;
  }

  /** How long connecting to one node, and each startup query, may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one CQL request may take, retries included. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The consistency level of every write. */
  public DefaultConsistencyLevel writeConsistency() {
    return writeConsistency;
  }

  /** The consistency level of every read, including the read before a write. */
  public DefaultConsistencyLevel readConsistency() {
    return readConsistency;
  }

  /** The replication factor of a keyspace created with SimpleStrategy. */
  public int replicationFactor() {
    return replicationFactor;
  }

  /**
   * Datacenter name to replication factor: when not empty, a keyspace is created with
   * NetworkTopologyStrategy and these factors instead.
   */
  public Map<String, Integer> replication() {
    return replication;
  }

  /**
   * Whether to create the keyspace, tables and missing columns at startup; when {@code false}, the
   * store only checks them and fails listing whatever is missing.
   */
  public boolean autoMigrate() {
    return autoMigrate;
  }

  /** How long a result is kept, counted from its {@code completedAt}; zero keeps it forever. */
  public Duration retention() {
    return retention;
  }

  /**
   * The largest body stored inside the results row; larger bodies go to {@code bodiesTable} in
   * chunks.
   */
  public int maxInlineBodyBytes() {
    return maxInlineBodyBytes;
  }

  /** The size of one body chunk (the last one may be smaller). */
  public int chunkBytes() {
    return chunkBytes;
  }

  /** How many {@link CqlResultStore#write} calls run at once. */
  public int maxInFlightWrites() {
    return maxInFlightWrites;
  }

  /** The time span of one lookup partition; never change it while data is kept. */
  public Duration lookupBucket() {
    return lookupBucket;
  }

  /**
   * How many partitions one bucket of {@code timeLookupTable} is spread over; never change it while
   * data is kept.
   */
  public int timeShards() {
    return timeShards;
  }

  /**
   * Where bodies over {@code objectThresholdBytes} go, with a pointer in the row; {@code null} to
   * keep every body in CQL. The store uses it and never closes it.
   */
  public BodyStore objectStore() {
    return objectStore;
  }

  /** The largest body kept in CQL when {@code objectStore} is set. */
  public int objectThresholdBytes() {
    return objectThresholdBytes;
  }

  /**
   * The retention of results in a state, instead of {@code retention} (for example failures kept
   * longer than successes); {@code DEAD_LETTERED} also applies to dead-letter records. Empty:
   * {@code retention} for every state.
   */
  public Map<InvocationState, Duration> retentionByState() {
    return retentionByState;
  }

  /**
   * How long after a result expired {@link CqlResultStore#status} still answers expired; zero
   * writes no markers (one statement less per result, in the same batch as the results row).
   */
  public Duration expiryMarkerRetention() {
    return expiryMarkerRetention;
  }

  /**
   * How long the lookup rows of a result wait for rows of other results of the same partition, to
   * be written together in one single-partition batch; zero writes every lookup row alone. Delays a
   * write's completion (and its acknowledgement) by at most this.
   */
  public Duration lookupLinger() {
    return lookupLinger;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CqlStoreConfig that
        && Objects.equals(contactPoints, that.contactPoints)
        && Objects.equals(localDatacenter, that.localDatacenter)
        && Objects.equals(keyspace, that.keyspace)
        && Objects.equals(resultsTable, that.resultsTable)
        && Objects.equals(bodiesTable, that.bodiesTable)
        && Objects.equals(requestLookupTable, that.requestLookupTable)
        && Objects.equals(timeLookupTable, that.timeLookupTable)
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password)
        && Objects.equals(tls, that.tls)
        && Objects.equals(connectTimeout, that.connectTimeout)
        && Objects.equals(requestTimeout, that.requestTimeout)
        && Objects.equals(writeConsistency, that.writeConsistency)
        && Objects.equals(readConsistency, that.readConsistency)
        && replicationFactor == that.replicationFactor
        && Objects.equals(replication, that.replication)
        && autoMigrate == that.autoMigrate
        && Objects.equals(retention, that.retention)
        && maxInlineBodyBytes == that.maxInlineBodyBytes
        && chunkBytes == that.chunkBytes
        && maxInFlightWrites == that.maxInFlightWrites
        && Objects.equals(lookupBucket, that.lookupBucket)
        && timeShards == that.timeShards
        && Objects.equals(objectStore, that.objectStore)
        && objectThresholdBytes == that.objectThresholdBytes
        && Objects.equals(retentionByState, that.retentionByState)
        && Objects.equals(expiryMarkerRetention, that.expiryMarkerRetention)
        && Objects.equals(lookupLinger, that.lookupLinger);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        contactPoints,
        localDatacenter,
        keyspace,
        resultsTable,
        bodiesTable,
        requestLookupTable,
        timeLookupTable,
        username,
        password,
        tls,
        connectTimeout,
        requestTimeout,
        writeConsistency,
        readConsistency,
        replicationFactor,
        replication,
        autoMigrate,
        retention,
        maxInlineBodyBytes,
        chunkBytes,
        maxInFlightWrites,
        lookupBucket,
        timeShards,
        objectStore,
        objectThresholdBytes,
        retentionByState,
        expiryMarkerRetention,
        lookupLinger);
  }

  /** Builds a {@link CqlStoreConfig}; every method states its default. Not thread-safe. */
  public static final class Builder {
    private List<String> contactPoints = List.of("127.0.0.1:9042");
    private String localDatacenter;
    private String keyspace = "runtime_serverless";
    private String resultsTable = "invocation_results";
    private String bodiesTable;
    private String requestLookupTable;
    private String timeLookupTable;
    private String username;
    private String password;
    private TlsSettings tls;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private DefaultConsistencyLevel writeConsistency = DefaultConsistencyLevel.LOCAL_QUORUM;
    private DefaultConsistencyLevel readConsistency = DefaultConsistencyLevel.LOCAL_QUORUM;
    private int replicationFactor = 1;
    private Map<String, Integer> replication = Map.of();
    private boolean autoMigrate = true;
    private Duration retention = Duration.ZERO;
    private int maxInlineBodyBytes = 1024 * 1024;
    private int chunkBytes = 256 * 1024;
    private int maxInFlightWrites = 256;
    private Duration lookupBucket = Duration.ofHours(1);
    private int timeShards = 16;
    private BodyStore objectStore;
    private Integer objectThresholdBytes;
    private Map<InvocationState, Duration> retentionByState = new EnumMap<>(InvocationState.class);
    private Duration expiryMarkerRetention = Duration.ofDays(7);
    private Duration lookupLinger = Duration.ofMillis(2);

    private Builder() {}

    private Builder(CqlStoreConfig config) {
      contactPoints = config.contactPoints;
      localDatacenter = config.localDatacenter;
      keyspace = config.keyspace;
      resultsTable = config.resultsTable;
      bodiesTable = config.bodiesTable;
      requestLookupTable = config.requestLookupTable;
      timeLookupTable = config.timeLookupTable;
      username = config.username;
      password = config.password;
      tls = config.tls;
      connectTimeout = config.connectTimeout;
      requestTimeout = config.requestTimeout;
      writeConsistency = config.writeConsistency;
      readConsistency = config.readConsistency;
      replicationFactor = config.replicationFactor;
      replication = config.replication;
      autoMigrate = config.autoMigrate;
      retention = config.retention;
      maxInlineBodyBytes = config.maxInlineBodyBytes;
      chunkBytes = config.chunkBytes;
      maxInFlightWrites = config.maxInFlightWrites;
      lookupBucket = config.lookupBucket;
      timeShards = config.timeShards;
      objectStore = config.objectStore;
      objectThresholdBytes = config.objectThresholdBytes;
      retentionByState =
          config.retentionByState.isEmpty()
              ? new EnumMap<>(InvocationState.class)
              : new EnumMap<>(config.retentionByState);
      expiryMarkerRetention = config.expiryMarkerRetention;
      lookupLinger = config.lookupLinger;
    }

    /** Default: {@code [127.0.0.1:9042]}. Entries are {@code host:port}. */
    public Builder contactPoints(List<String> hostPorts) {
      contactPoints = hostPorts;
      return this;
    }

    /**
     * Default: {@code null}, inferred from the contact points (the datacenter of the node the
     * driver first connects to; they must all be in one datacenter).
     */
    public Builder localDatacenter(String value) {
      localDatacenter = value;
      return this;
    }

    /** Default: {@code runtime_serverless}. */
    public Builder keyspace(String value) {
      keyspace = value;
      return this;
    }

    /**
     * Default: {@code invocation_results}. Unless set on their own, the other tables are named
     * after it: {@code <resultsTable>_bodies}, {@code <resultsTable>_by_request} and {@code
     * <resultsTable>_by_time}.
     */
    public Builder resultsTable(String value) {
      resultsTable = value;
      return this;
    }

    /** Default: {@code <resultsTable>_bodies}. */
    public Builder bodiesTable(String value) {
      bodiesTable = value;
      return this;
    }

    /** Default: {@code <resultsTable>_by_request}. */
    public Builder requestLookupTable(String value) {
      requestLookupTable = value;
      return this;
    }

    /** Default: {@code <resultsTable>_by_time}. */
    public Builder timeLookupTable(String value) {
      timeLookupTable = value;
      return this;
    }

    /** Default: {@code null} (no authentication). Needs {@link #password(String)} too. */
    public Builder username(String value) {
      username = value;
      return this;
    }

    /** Default: {@code null} (no authentication). Needs {@link #username(String)} too. */
    public Builder password(String value) {
      password = value;
      return this;
    }

    /**
     * Reads the password from {@code file} now: its UTF-8 text without the trailing line break.
     *
     * @throws IllegalArgumentException when the file cannot be read (the message names the file,
     *     never its content)
     */
    public Builder passwordFile(Path file) {
      password = SecretFiles.read("passwordFile", file);
      return this;
    }

    /** Reads the user name from {@code file} now, like {@link #passwordFile(Path)}. */
    public Builder usernameFile(Path file) {
      username = SecretFiles.read("usernameFile", file);
      return this;
    }

    /** Default: {@code null} (plain text connections, as with {@link TlsSettings#DISABLED}). */
    public Builder tls(TlsSettings value) {
      tls = value;
      return this;
    }

    /** Default: 5 seconds. */
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    /** Default: 10 seconds. */
    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    /** Default: {@code LOCAL_QUORUM}. Serial levels are refused. */
    public Builder writeConsistency(DefaultConsistencyLevel value) {
      writeConsistency = value;
      return this;
    }

    /** The level by name, case-insensitive, e.g. {@code "local_quorum"}. */
    public Builder writeConsistency(String value) {
      writeConsistency = ConfigChecks.consistency("writeConsistency", value, false);
      return this;
    }

    /** Default: {@code LOCAL_QUORUM}. {@code ANY} and serial levels are refused. */
    public Builder readConsistency(DefaultConsistencyLevel value) {
      readConsistency = value;
      return this;
    }

    /** The level by name, case-insensitive, e.g. {@code "local_quorum"}. */
    public Builder readConsistency(String value) {
      readConsistency = ConfigChecks.consistency("readConsistency", value, true);
      return this;
    }

    /** Default: 1. Used only when the keyspace is created, with SimpleStrategy. */
    public Builder replicationFactor(int value) {
      replicationFactor = value;
      return this;
    }

    /**
     * Default: empty (SimpleStrategy with {@link #replicationFactor(int)}). When not empty, a
     * keyspace is created with NetworkTopologyStrategy and these factors per datacenter.
     */
    public Builder replication(Map<String, Integer> factorsByDatacenter) {
      replication = Objects.requireNonNullElse(factorsByDatacenter, Map.of());
      return this;
    }

    /** Default: {@code true}. */
    public Builder autoMigrate(boolean value) {
      autoMigrate = value;
      return this;
    }

    /**
     * Default: zero, keep results forever (as the Go result store does: it has no retention). At
     * most 20 years.
     */
    public Builder retention(Duration value) {
      retention = value;
      return this;
    }

    /**
     * The retention of results in {@code state} instead of {@link #retention(Duration)}; {@code
     * DEAD_LETTERED} also applies to dead-letter records. Default: none. Zero keeps them forever;
     * at most 20 years.
     */
    public Builder retention(InvocationState state, Duration value) {
      retentionByState.put(Objects.requireNonNull(state, "state"), value);
      return this;
    }

    /**
     * Default: 7 days. How long after a result expired {@code status} still answers expired rather
     * than unknown; zero writes no expiry markers. At most 20 years.
     */
    public Builder expiryMarkerRetention(Duration value) {
      expiryMarkerRetention = value;
      return this;
    }

    /**
     * Default: 2 ms, from zero to {@link #MAX_LOOKUP_LINGER}. The longest a result's lookup rows
     * wait for rows of other in-flight results of the same partition before they are written
     * together as one single-partition unlogged batch (at most 128 rows or 32 KiB a batch); a write
     * completes at most this much later. They wait only while every write permit is held or a group
     * of their partition is at the server; otherwise they go at once. Zero writes every lookup row
     * alone.
     */
    public Builder lookupLinger(Duration value) {
      lookupLinger = value;
      return this;
    }

    /** Default: 1048576 (1 MiB), from 0 to {@link #MAX_INLINE_BODY_BYTES}. */
    public Builder maxInlineBodyBytes(int value) {
      maxInlineBodyBytes = value;
      return this;
    }

    /** Default: 262144 (256 KiB), from 1024 to {@link #MAX_CHUNK_BYTES}. */
    public Builder chunkBytes(int value) {
      chunkBytes = value;
      return this;
    }

    /** Default: 256, from 1 to 100000. */
    public Builder maxInFlightWrites(int value) {
      maxInFlightWrites = value;
      return this;
    }

    /** Default: 1 hour, from 1 minute to 7 days. */
    public Builder lookupBucket(Duration value) {
      lookupBucket = value;
      return this;
    }

    /** Default: 16, from 1 to 1024. */
    public Builder timeShards(int value) {
      timeShards = value;
      return this;
    }

    /**
     * Default: {@code null}, every body in CQL (inline or in chunks). With an object store, a body
     * over {@link #objectThresholdBytes(int)} is put there first and the results row keeps a
     * pointer to it (see {@code docs/object-store.md}). The store never closes it.
     */
    public Builder objectStore(BodyStore value) {
      objectStore = value;
      return this;
    }

    /**
     * Default: {@code maxInlineBodyBytes}, so every body too large for the row goes to the object
     * store; from 0. Bodies up to this size stay in CQL (inline up to {@code maxInlineBodyBytes},
     * else in chunks). Only used with {@link #objectStore(BodyStore)}.
     */
    public Builder objectThresholdBytes(int value) {
      objectThresholdBytes = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first key whose value is invalid
     */
    public CqlStoreConfig build() {
      ConfigChecks.cqlName("resultsTable", resultsTable);
      return new CqlStoreConfig(this);
    }

    private String derived(String key, String explicit, String suffix) {
      if (explicit != null) {
        return explicit;
      }
      String name = resultsTable + suffix;
      if (!ConfigChecks.CQL_NAME.matcher(name).matches()) {
        throw ConfigChecks.invalid(
            key,
            name,
            "at most 48 characters: the name derived from resultsTable is too long, set "
                + key
                + " explicitly");
      }
      return name;
    }
  }
}
