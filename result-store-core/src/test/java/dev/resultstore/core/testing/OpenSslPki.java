package dev.resultstore.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with {@code openssl}, as operators make theirs: a CA ({@code ca.pem}), a
 * server certificate for {@code localhost} and {@code 127.0.0.1} ({@code server.pem}, {@code
 * server.key}) and, with {@link #addClientKeys()}, client certificates whose keys are in every PEM
 * form Go's {@code tls.X509KeyPair} accepts ({@link #CLIENT_KEY_FORMS}).
 */
public final class OpenSslPki {
  /** A client certificate and one form of its key, with the PEM header that form has. */
  public record ClientKey(String certificate, String key, String header) {
    @Override
    public String toString() {
      return key + " (" + header + ")";
    }
  }

  /** PKCS#8 and PKCS#1 RSA keys, SEC 1 and PKCS#8 EC keys, as openssl and cert-manager write. */
  public static final List<ClientKey> CLIENT_KEY_FORMS =
      List.of(
          new ClientKey("rsa.pem", "rsa-pkcs8.key", "BEGIN PRIVATE KEY"),
          new ClientKey("rsa.pem", "rsa-pkcs1.key", "BEGIN RSA PRIVATE KEY"),
          new ClientKey("ec.pem", "ec-sec1.key", "BEGIN EC PRIVATE KEY"),
          new ClientKey("ec.pem", "ec-pkcs8.key", "BEGIN PRIVATE KEY"));

  public final Path directory;
  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;

  private OpenSslPki(Path directory) {
    this.directory = directory;
    caCert = directory.resolve("ca.pem");
    serverCert = directory.resolve("server.pem");
    serverKey = directory.resolve("server.key");
  }

  /** Makes the CA and the server certificate in {@code directory}. */
  public static OpenSslPki create(Path directory) throws IOException, InterruptedException {
    OpenSslPki pki = new OpenSslPki(directory);
    pki.openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=result-store-it-ca");
    Files.writeString(
        directory.resolve("server.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    Files.writeString(directory.resolve("client.cnf"), "extendedKeyUsage=clientAuth\n");
    pki.openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost");
    pki.sign("server", "server.cnf");
    return pki;
  }

  /** Writes the client certificates and keys of {@link #CLIENT_KEY_FORMS}. */
  public OpenSslPki addClientKeys() throws IOException, InterruptedException {
    // an RSA client: the key as openssl 3 writes it (PKCS#8), then converted to PKCS#1
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "rsa-pkcs8.key",
        "-out",
        "rsa.csr",
        "-subj",
        "/CN=rsa-client");
    sign("rsa", "client.cnf");
    openssl("rsa", "-in", "rsa-pkcs8.key", "-traditional", "-out", "rsa-pkcs1.key");
    // an EC client: the key as openssl ecparam writes it (SEC 1), then converted to PKCS#8
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-sec1.key");
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", "ec-sec1.key", "-out", "ec-pkcs8.key");
    openssl("req", "-new", "-key", "ec-sec1.key", "-out", "ec.csr", "-subj", "/CN=ec-client");
    sign("ec", "client.cnf");
    return this;
  }

  /** A file of this PKI, e.g. {@code file(form.key())}. */
  public Path file(String name) {
    return directory.resolve(name);
  }

  /** A PKCS#12 key store {@code name.p12} of {@code certificate} and {@code key} (then the CA). */
  public Path keyStore(String name, String certificate, String key, String password)
      throws IOException, InterruptedException {
    openssl(
        "pkcs12",
        "-export",
        "-name",
        name,
        "-inkey",
        key,
        "-in",
        certificate,
        "-certfile",
        "ca.pem",
        "-passout",
        "pass:" + password,
        "-out",
        name + ".p12");
    return file(name + ".p12");
  }

  /** A PKCS#12 trust store {@code name.p12} holding the CA certificate. */
  public Path trustStore(String name, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caCert)) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path file = file(name + ".p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  private void sign(String name, String extensions) throws IOException, InterruptedException {
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        extensions);
  }

  /** Runs {@code openssl arguments...} in the directory; fails with its output. */
  public void openssl(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "This test makes its certificates with openssl: install it", e);
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "openssl " + String.join(" ", arguments) + " failed:\n" + output);
    }
  }
}
