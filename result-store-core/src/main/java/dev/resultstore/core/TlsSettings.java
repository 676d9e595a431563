package dev.resultstore.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Client TLS settings, as in the {@code tls} block of the configuration file ({@code enabled},
 * {@code caFile}, {@code certFile}, {@code keyFile}, {@code serverName}, {@code
 * insecureSkipVerify}). Create them with {@link #builder()}, which states every default; the
 * adapters build their TLS context from them with the JDK alone.
 *
 * <p>Adapters use TLS when {@link #enabled()} is true. Values with a private constructor: a new
 * option never breaks a caller.
 */
public final class TlsSettings {

  /** No TLS. */
  public static final TlsSettings DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final Path caFile;
  private final Path certFile;
  private final Path keyFile;
  private final String serverName;
  private final boolean insecureSkipVerify;

  private TlsSettings(Builder builder) {
    if ((builder.certFile == null) != (builder.keyFile == null)) {
      throw new IllegalArgumentException(
          "tls certFile and keyFile must be set together, but certFile="
              + builder.certFile
              + " and keyFile="
              + builder.keyFile);
    }
    enabled = builder.enabled;
    caFile = builder.caFile;
    certFile = builder.certFile;
    keyFile = builder.keyFile;
    serverName =
        builder.serverName != null && builder.serverName.isBlank() ? null : builder.serverName;
    insecureSkipVerify = builder.insecureSkipVerify;
  }

  /** A builder with every default: TLS on, trusting the system's default CAs. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings that use TLS and trust the system's default CAs. */
  public static TlsSettings systemDefault() {
    return builder().build();
  }

  /** Whether connections use TLS. */
  public boolean enabled() {
    return enabled;
  }

  /** PEM file of the CAs to trust instead of the system's; {@code null} for the system's CAs. */
  public Path caFile() {
    return caFile;
  }

  /**
   * PEM file of the client certificate (then its chain) for mutual TLS; {@code null} for none; set
   * together with {@link #keyFile()}.
   */
  public Path certFile() {
    return certFile;
  }

  /**
   * PEM file of the client's unencrypted private key (PKCS#8 {@code BEGIN PRIVATE KEY}, PKCS#1 or
   * SEC 1; RSA or EC); {@code null} for none.
   */
  public Path keyFile() {
    return keyFile;
  }

  /**
   * The name to expect in the server's certificate and send as SNI instead of the host connected
   * to; {@code null} for the host.
   */
  public String serverName() {
    return serverName;
  }

  /** Whether any server certificate is trusted without checks: for tests only. */
  public boolean insecureSkipVerify() {
    return insecureSkipVerify;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TlsSettings that
        && enabled == that.enabled
        && Objects.equals(caFile, that.caFile)
        && Objects.equals(certFile, that.certFile)
        && Objects.equals(keyFile, that.keyFile)
        && Objects.equals(serverName, that.serverName)
        && insecureSkipVerify == that.insecureSkipVerify;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, caFile, certFile, keyFile, serverName, insecureSkipVerify);
  }

  /** Every setting (file names only, never a file's content). */
  @Override
  public String toString() {
    return "TlsSettings[enabled="
        + enabled
        + ", caFile="
        + caFile
        + ", certFile="
        + certFile
        + ", keyFile="
        + keyFile
        + ", serverName="
        + serverName
        + ", insecureSkipVerify="
        + insecureSkipVerify
        + "]";
  }

  /** Builds {@link TlsSettings}; every method states its default. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private Path caFile;
    private Path certFile;
    private Path keyFile;
    private String serverName;
    private boolean insecureSkipVerify;

    private Builder() {}

    /** Default: {@code true}. {@code false} keeps connections in plain text. */
    public Builder enabled(boolean value) {
      enabled = value;
      return this;
    }

    /** Default: {@code null}, the system's default CAs. */
    public Builder caFile(Path value) {
      caFile = value;
      return this;
    }

    /** Default: {@code null}, no client certificate. Set together with {@link #keyFile(Path)}. */
    public Builder certFile(Path value) {
      certFile = value;
      return this;
    }

    /** Default: {@code null}, no client key. Set together with {@link #certFile(Path)}. */
    public Builder keyFile(Path value) {
      keyFile = value;
      return this;
    }

    /** Default: {@code null}, the host connected to; blank counts as {@code null}. */
    public Builder serverName(String value) {
      serverName = value;
      return this;
    }

    /** Default: {@code false}. {@code true} trusts any server certificate: for tests only. */
    public Builder insecureSkipVerify(boolean value) {
      insecureSkipVerify = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException when only one of {@code certFile} and {@code keyFile} is set
     */
    public TlsSettings build() {
      return new TlsSettings(this);
    }
  }
}
