package dev.resultstore.runner.fault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS files of {@code scripts/tls.sh certs}, and client contexts that trust them. */
final class TlsFiles {
  private TlsFiles() {}

  /** The state directory of the scripts. */
  static Path directory() {
    String configured = System.getenv("RSDEV_SERVICES_DIR");
    String temporary = System.getenv("TMPDIR");
    Path state =
        configured == null || configured.isBlank()
            ? Path.of(temporary == null || temporary.isBlank() ? "/tmp" : temporary)
                .resolve("result-store-services")
            : Path.of(configured);
    return state.resolve("tls");
  }

  /** The CA that signed the servers' certificates. */
  static Path ca() {
    return directory().resolve("ca.pem");
  }

  /** A CA that signed nothing of ours. */
  static Path untrustedCa() {
    return directory().resolve("untrusted-ca.pem");
  }

  /** A client context that trusts exactly the certificates in {@code caFile}. */
  static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int index = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the CA file " + caFile, e);
    }
  }
}
