package dev.resultstore.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the JDK's {@code keytool} (no other tool needed): an RSA CA and an EC
 * server certificate for {@code server.test} signed by it, as PEM files with PKCS#8 keys.
 */
public final class TestCertificates {
  private static final String PASSWORD = "changeit";

  public final Path caCert;
  public final Path caKey;
  public final Path serverCert;
  public final Path serverKey;

  private TestCertificates(Path directory) {
    caCert = directory.resolve("ca.pem");
    caKey = directory.resolve("ca-key.pem");
    serverCert = directory.resolve("server.pem");
    serverKey = directory.resolve("server-key.pem");
  }

  /** Makes the CA and the server certificate in {@code directory}. */
  public static TestCertificates create(Path directory) throws Exception {
    TestCertificates pki = new TestCertificates(directory);
    Path ca = directory.resolve("ca.p12");
    Path server = directory.resolve("server.p12");
    Path request = directory.resolve("server.csr");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=Result Store Test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        ca.toString());
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-file",
        pki.caCert.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=server.test",
        "-validity",
        "2",
        "-keystore",
        server.toString());
    keytool(
        "-certreq",
        "-alias",
        "server",
        "-keystore",
        server.toString(),
        "-file",
        request.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-infile",
        request.toString(),
        "-outfile",
        pki.serverCert.toString(),
        "-ext",
        "san=dns:server.test",
        "-ext",
        "eku=serverAuth",
        "-validity",
        "2");
    writeKey(ca, "ca", pki.caKey);
    writeKey(server, "server", pki.serverKey);
    return pki;
  }

  private static void writeKey(Path keyStore, String alias, Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    Key key = store.getKey(alias, PASSWORD.toCharArray());
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    Files.writeString(
        pem, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
  }

  private static void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + command + "\n" + output);
    }
  }
}
