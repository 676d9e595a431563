package dev.resultstore.s3;

import dev.resultstore.core.InvalidSettingException;
import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.internal.SecretFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How {@link S3BodyStore} reaches its object store. Create one with {@link #builder()}, which
 * states every default; {@link Builder#build()} throws an {@link InvalidSettingException} naming
 * the key, the value and what is expected. {@link #toString()} never shows the secret key.
 *
 * <p>Values with a private constructor: a new option never breaks a caller.
 */
public final class S3BodyStoreConfig {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()/\\-]{0,200}");

  private final URI endpoint;
  private final String region;
  private final String bucket;
  private final String keyPrefix;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final TlsSettings tls;
  private final boolean pathStyle;
  private final boolean createBucket;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxConnections;

  private S3BodyStoreConfig(Builder builder) {
    endpoint = builder.endpoint;
    region = builder.region;
    bucket = builder.bucket;
    keyPrefix = builder.keyPrefix;
    accessKeyId = builder.accessKeyId;
    secretAccessKey = builder.secretAccessKey;
    tls = builder.tls;
    pathStyle = builder.pathStyle;
    createBucket = builder.createBucket;
    connectTimeout = builder.connectTimeout;
    requestTimeout = builder.requestTimeout;
    maxConnections = builder.maxConnections;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this configuration's values (for a copy with one setting changed). */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.endpoint = endpoint;
    builder.region = region;
    builder.bucket = bucket;
    builder.keyPrefix = keyPrefix;
    builder.accessKeyId = accessKeyId;
    builder.secretAccessKey = secretAccessKey;
    builder.tls = tls;
    builder.pathStyle = pathStyle;
    builder.createBucket = createBucket;
    builder.connectTimeout = connectTimeout;
    builder.requestTimeout = requestTimeout;
    builder.maxConnections = maxConnections;
    return builder;
  }

  /** The endpoint; {@code null} for the cloud endpoint of {@link #region()}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region requests are signed for. */
  public String region() {
    return region;
  }

  /** The bucket holding the bodies. */
  public String bucket() {
    return bucket;
  }

  /** What every key starts with (one lifecycle rule per prefix expires the bodies). */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The access key id; {@code null} for the SDK's default credential chain. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The secret access key; {@code null} with {@link #accessKeyId()}. */
  String secretAccessKey() {
    return secretAccessKey;
  }

  /** TLS settings of an {@code https} endpoint; {@code null} for the JDK's defaults. */
  public TlsSettings tls() {
    return tls;
  }

  /** Whether requests use path-style addressing ({@code endpoint/bucket/key}). */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** Whether a missing bucket is created at startup. */
  public boolean createBucket() {
    return createBucket;
  }

  /** How long opening one connection may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one call may take, the SDK's retries included. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Connections (and calls) at once. */
  public int maxConnections() {
    return maxConnections;
  }

  @Override
  public String toString() {
    return "S3BodyStoreConfig[endpoint="
        + endpoint
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", keyPrefix="
        + keyPrefix
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? "null" : "****")
        + ", tls="
        + (tls != null && tls.enabled())
        + ", pathStyle="
        + pathStyle
        + ", createBucket="
        + createBucket
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxConnections="
        + maxConnections
        + "]";
  }

  /** Builds an {@link S3BodyStoreConfig}; every method states its default. Not thread-safe. */
  public static final class Builder {
    private URI endpoint;
    private String region = "us-east-1";
    private String bucket;
    private String keyPrefix = "result-bodies/";
    private String accessKeyId;
    private String secretAccessKey;
    private TlsSettings tls;
    private boolean pathStyle = true;
    private boolean createBucket;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxConnections = 32;

    private Builder() {}

    /**
     * Default: {@code null}, the cloud endpoint of the region. Set it for MinIO, Ceph RGW, S3Proxy
     * or any S3-compatible server: {@code http://host:port} or {@code https://host:port}.
     */
    public Builder endpoint(URI value) {
      endpoint = value;
      return this;
    }

    /** Default: {@code us-east-1} (what most S3-compatible servers expect). */
    public Builder region(String value) {
      region = value;
      return this;
    }

    /** Required: the bucket, 3 to 63 lowercase letters, digits, {@code .} and {@code -}. */
    public Builder bucket(String value) {
      bucket = value;
      return this;
    }

    /**
     * Default: {@code result-bodies/}. Every key is {@code <prefix><invocation id>/<version>}; a
     * bucket lifecycle rule on this prefix expires the bodies (see {@code docs/object-store.md}).
     */
    public Builder keyPrefix(String value) {
      keyPrefix = value;
      return this;
    }

    /** Default: {@code null} (with the secret key: the SDK's default credential chain). */
    public Builder accessKeyId(String value) {
      accessKeyId = value;
      return this;
    }

    /** Default: {@code null}. Set together with {@link #accessKeyId(String)}. */
    public Builder secretAccessKey(String value) {
      secretAccessKey = value;
      return this;
    }

    /** Reads {@link #accessKeyId(String)} from a file, without its trailing line break. */
    public Builder accessKeyIdFile(Path file) {
      accessKeyId = SecretFiles.read("accessKeyIdFile", file);
      return this;
    }

    /** Reads {@link #secretAccessKey(String)} from a file, without its trailing line break. */
    public Builder secretAccessKeyFile(Path file) {
      secretAccessKey = SecretFiles.read("secretAccessKeyFile", file);
      return this;
    }

    /**
     * Default: {@code null}, the JDK's CAs and checks. Applies to an {@code https} endpoint: CA
     * file, client certificate, server name, and {@code insecureSkipVerify} for tests.
     */
    public Builder tls(TlsSettings value) {
      tls = value;
      return this;
    }

    /**
     * Default: {@code true}: {@code endpoint/bucket/key}, which every S3-compatible server
     * understands; {@code false} for virtual-hosted style ({@code bucket.endpoint/key}).
     */
    public Builder pathStyle(boolean value) {
      pathStyle = value;
      return this;
    }

    /** Default: {@code false}: a missing bucket fails startup. {@code true} for development. */
    public Builder createBucket(boolean value) {
      createBucket = value;
      return this;
    }

    /** Default: 5 seconds. */
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    /** Default: 60 seconds, retries included (a body may be many MiB). */
    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    /** Default: 32, from 1 to 1024. */
    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    /**
     * @throws InvalidSettingException naming the first key whose value is invalid
     */
    public S3BodyStoreConfig build() {
      if (endpoint != null) {
        String scheme = endpoint.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
            || endpoint.getHost() == null) {
          throw invalid(
              "endpoint", endpoint, "an http:// or https:// URL such as http://host:9000");
        }
      }
      if (region == null || region.isBlank()) {
        throw invalid("region", region, "a region name such as us-east-1");
      }
      if (bucket == null || !BUCKET.matcher(bucket).matches()) {
        throw invalid("bucket", bucket, "3 to 63 lowercase letters, digits, '.' and '-'");
      }
      if (keyPrefix == null || !KEY_PREFIX.matcher(keyPrefix).matches()) {
        throw invalid(
            "keyPrefix", keyPrefix, "up to 200 letters, digits and !_.*'()/- (may be empty)");
      }
      if ((accessKeyId == null) != (secretAccessKey == null)) {
        throw invalid(
            accessKeyId == null ? "accessKeyId" : "secretAccessKey",
            null,
            "accessKeyId and secretAccessKey set together (or neither)");
      }
      positive("connectTimeout", connectTimeout);
      positive("requestTimeout", requestTimeout);
      if (maxConnections < 1 || maxConnections > 1024) {
        throw invalid("maxConnections", maxConnections, "from 1 to 1024");
      }
      return new S3BodyStoreConfig(this);
    }

    private static void positive(String key, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw invalid(key, value, "a positive duration");
      }
    }

    /** Names the setting, so a configuration file loader can report it under its own key. */
    private static InvalidSettingException invalid(String key, Object value, String expected) {
      return new InvalidSettingException(
          "invalid object store configuration: "
              + key
              + " has the value "
              + (value == null ? "null" : "\"" + value + "\"")
              + ", expected "
              + expected,
          key,
          value == null ? null : String.valueOf(value),
          expected);
    }
  }
}
