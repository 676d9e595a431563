package dev.resultstore.core;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client TLS settings, as in the {@code tls} block of the configuration file ({@code enabled},
 * {@code caFile}, {@code certFile}, {@code keyFile}, {@code serverName}, {@code
 * insecureSkipVerify}), turned into an {@link SSLContext} with the JDK alone.
 *
 * <p>Adapters use TLS when {@link #enabled()} is true; {@link #createSslContext()} builds whatever
 * is configured regardless.
 *
 * @param enabled whether connections use TLS
 * @param caFile PEM file of the CAs to trust instead of the system's; {@code null} to trust the
 *     system's default CAs
 * @param certFile PEM file of the client certificate (then its chain) for mutual TLS; {@code null}
 *     for none; set together with {@code keyFile}
 * @param keyFile PEM file of the client's unencrypted PKCS#8 private key ({@code BEGIN PRIVATE
 *     KEY}, RSA or EC); {@code null} for none
 * @param serverName the name to expect in the server's certificate and send as SNI instead of the
 *     host connected to; {@code null} (or blank) for the host
 * @param insecureSkipVerify trust any server certificate without checks: for tests only
 */
public record TlsSettings(
    boolean enabled,
    Path caFile,
    Path certFile,
    Path keyFile,
    String serverName,
    boolean insecureSkipVerify) {

  /** No TLS. */
  public static final TlsSettings DISABLED = new TlsSettings(false, null, null, null, null, false);

  private static final Logger LOG = LoggerFactory.getLogger(TlsSettings.class);
  private static final char[] KEY_STORE_PASSWORD = "in-memory".toCharArray();

  /**
   * @throws IllegalArgumentException when only one of {@code certFile} and {@code keyFile} is set
   */
  public TlsSettings {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "tls certFile and keyFile must be set together, but certFile="
              + certFile
              + " and keyFile="
              + keyFile);
    }
    if (serverName != null && serverName.isBlank()) {
      serverName = null;
    }
  }

  /** Settings that use TLS and trust the system's default CAs. */
  public static TlsSettings systemDefault() {
    return new TlsSettings(true, null, null, null, null, false);
  }

  /**
   * A TLS context with these settings: the CAs of {@code caFile} (else the system's), the client
   * key and certificate when set, and a trust-everything manager only when {@code
   * insecureSkipVerify}. Reads the files on every call.
   *
   * @throws IllegalArgumentException naming the setting and file that cannot be read or used
   */
  public SSLContext createSslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), trustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Applies the client-side checks to {@code parameters}: host name verification ({@code HTTPS}
   * endpoint identification) unless {@code insecureSkipVerify}, and {@code serverName} as SNI,
   * which the JDK then also verifies the certificate against.
   */
  public void configureClient(SSLParameters parameters) {
    if (!insecureSkipVerify) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (serverName != null) {
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
    }
  }

  private KeyManager[] keyManagers() throws GeneralSecurityException {
    if (certFile == null) {
      return null;
    }
    List<X509Certificate> chain = PemFiles.certificates("certFile", certFile);
    PrivateKey key = PemFiles.privateKey("keyFile", keyFile);
    PemFiles.checkPair(key, chain.get(0), keyFile, certFile);
    KeyStore store = emptyKeyStore();
    store.setKeyEntry("client", key, KEY_STORE_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, KEY_STORE_PASSWORD);
    return factory.getKeyManagers();
  }

  private TrustManager[] trustManagers() throws GeneralSecurityException {
    if (insecureSkipVerify) {
      LOG.warn("TLS insecureSkipVerify is set: server certificates are not verified");
      return new TrustManager[] {new InsecureTrustManager()};
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caFile == null) {
      factory.init((KeyStore) null);
    } else {
      KeyStore store = emptyKeyStore();
      int index = 0;
      for (X509Certificate certificate : PemFiles.certificates("caFile", caFile)) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      factory.init(store);
    }
    return factory.getTrustManagers();
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an empty key store", e);
    }
    return store;
  }
}
