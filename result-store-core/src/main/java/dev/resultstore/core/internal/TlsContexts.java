package dev.resultstore.core.internal;

import dev.resultstore.core.TlsSettings;
import java.io.IOException;
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
 * Turns {@link TlsSettings} into an {@link SSLContext} with the JDK alone, and applies their
 * client-side checks: what every adapter's TLS is built from.
 */
public final class TlsContexts {
  private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
  private static final char[] KEY_STORE_PASSWORD = "in-memory".toCharArray();

  private TlsContexts() {}

  /**
   * A TLS context with {@code settings}: the CAs of {@code caFile} (else the system's), the client
   * key and certificate when set, and a trust-everything manager only when {@code
   * insecureSkipVerify}. Built whether or not the settings are {@link TlsSettings#enabled()}. Reads
   * the files on every call.
   *
   * @throws IllegalArgumentException naming the setting and file that cannot be read or used
   */
  public static SSLContext create(TlsSettings settings) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(settings), trustManagers(settings), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Applies the client-side checks of {@code settings} to {@code parameters}: host name
   * verification ({@code HTTPS} endpoint identification) unless {@code insecureSkipVerify}, and
   * {@code serverName} as SNI, which the JDK then also verifies the certificate against.
   */
  public static void configureClient(TlsSettings settings, SSLParameters parameters) {
    if (!settings.insecureSkipVerify()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (settings.serverName() != null) {
      parameters.setServerNames(List.of(new SNIHostName(settings.serverName())));
    }
  }

  private static KeyManager[] keyManagers(TlsSettings settings) throws GeneralSecurityException {
    if (settings.certFile() == null) {
      return null;
    }
    List<X509Certificate> chain = PemFiles.certificates("certFile", settings.certFile());
    PrivateKey key = PemFiles.privateKey("keyFile", settings.keyFile());
    PemFiles.checkPair(key, chain.get(0), settings.keyFile(), settings.certFile());
    KeyStore store = emptyKeyStore();
    store.setKeyEntry("client", key, KEY_STORE_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, KEY_STORE_PASSWORD);
    return factory.getKeyManagers();
  }

  private static TrustManager[] trustManagers(TlsSettings settings)
      throws GeneralSecurityException {
    if (settings.insecureSkipVerify()) {
      LOG.warn("TLS insecureSkipVerify is set: server certificates are not verified");
      return new TrustManager[] {new InsecureTrustManager()};
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (settings.caFile() == null) {
      factory.init((KeyStore) null);
    } else {
      KeyStore store = emptyKeyStore();
      int index = 0;
      for (X509Certificate certificate : PemFiles.certificates("caFile", settings.caFile())) {
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
