package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.internal.TlsContexts;
import dev.resultstore.core.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsSettings} against a real TLS handshake over loopback, with a PKI made by keytool. */
class TlsSettingsTest {
  @TempDir static Path directory;
  private static TestCertificates pki;
  private static ExecutorService serverThreads;

  @BeforeAll
  static void createCertificates() throws Exception {
    pki = TestCertificates.create(directory);
    serverThreads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopServers() {
    serverThreads.shutdownNow();
  }

  @Test
  void a_client_trusting_the_ca_file_connects_to_the_server_name_it_expects() throws Exception {
    TlsSettings client = TlsSettings.builder().caFile(pki.caCert).serverName("server.test").build();

    assertThat(handshake(server(false), client)).isEqualTo("no client certificate");
  }

  @Test
  void a_certificate_for_another_name_is_refused() {
    TlsSettings client = TlsSettings.builder().caFile(pki.caCert).serverName("other.test").build();

    assertThatThrownBy(() -> handshake(server(false), client)).isInstanceOf(SSLException.class);
  }

  @Test
  void without_a_server_name_the_host_connected_to_must_match() {
    TlsSettings client = TlsSettings.builder().caFile(pki.caCert).build();

    assertThatThrownBy(() -> handshake(server(false), client)).isInstanceOf(SSLException.class);
  }

  @Test
  void without_a_ca_file_the_system_cas_do_not_trust_a_private_ca() {
    TlsSettings client = TlsSettings.builder().serverName("server.test").build();

    assertThatThrownBy(() -> handshake(server(false), client)).isInstanceOf(SSLException.class);
  }

  @Test
  void insecure_skip_verify_trusts_any_server() throws Exception {
    TlsSettings client =
        TlsSettings.builder().serverName("other.test").insecureSkipVerify(true).build();

    assertThat(handshake(server(false), client)).isEqualTo("no client certificate");
  }

  @Test
  void the_client_certificate_and_key_are_presented_for_mutual_tls() throws Exception {
    TlsSettings client =
        TlsSettings.builder()
            .caFile(pki.caCert)
            .certFile(pki.caCert)
            .keyFile(pki.caKey)
            .serverName("server.test")
            .build();

    assertThat(handshake(server(true), client)).isEqualTo("CN=Result Store Test CA");
  }

  @Test
  void configure_client_sets_host_name_verification_and_sni() {
    SSLParameters parameters = new SSLParameters();

    TlsContexts.configureClient(
        TlsSettings.builder().serverName("server.test").build(), parameters);

    assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("server.test"));
  }

  @Test
  void an_rsa_client_key_in_pkcs1_form_is_presented_like_its_pkcs8_form() throws Exception {
    Path pkcs1 = openssl(pki.caKey, "ca-key-pkcs1.pem", "rsa", "-traditional");
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    TlsSettings client =
        TlsSettings.builder()
            .caFile(pki.caCert)
            .certFile(pki.caCert)
            .keyFile(pkcs1)
            .serverName("server.test")
            .build();

    assertThat(handshake(server(true), client)).isEqualTo("CN=Result Store Test CA");
  }

  @Test
  void an_ec_key_in_sec1_form_serves_a_handshake_like_its_pkcs8_form() throws Exception {
    Path sec1 = openssl(pki.serverKey, "server-key-sec1.pem", "ec");
    assertThat(Files.readString(sec1)).contains("-----BEGIN EC PRIVATE KEY-----");
    SSLContext server =
        TlsContexts.create(TlsSettings.builder().certFile(pki.serverCert).keyFile(sec1).build());
    TlsSettings client = TlsSettings.builder().caFile(pki.caCert).serverName("server.test").build();

    assertThat(handshake(server, client)).isEqualTo("no client certificate");
  }

  @Test
  void an_encrypted_key_is_refused_with_a_hint() throws IOException {
    Path encrypted = directory.resolve("encrypted.pem");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END ENCRYPTED PRIVATE KEY-----\n");
    TlsSettings settings = TlsSettings.builder().certFile(pki.caCert).keyFile(encrypted).build();

    assertThatThrownBy(() -> TlsContexts.create(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyFile " + encrypted)
        .hasMessageContaining("encrypted");
  }

  @Test
  void a_private_key_block_that_is_no_key_is_named() throws IOException {
    Path garbage = directory.resolve("garbage-key.pem");
    Files.writeString(
        garbage,
        "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");
    TlsSettings settings = TlsSettings.builder().certFile(pki.caCert).keyFile(garbage).build();

    assertThatThrownBy(() -> TlsContexts.create(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keyFile " + garbage + " holds a \"RSA PRIVATE KEY\" block that");
  }

  @Test
  void files_that_cannot_be_read_are_named() throws IOException {
    Path missing = directory.resolve("missing.pem");
    Path notPem = directory.resolve("not.pem");
    Files.writeString(notPem, "hello");
    Path badBase64 = directory.resolve("bad.pem");
    Files.writeString(badBase64, "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> TlsContexts.create(TlsSettings.builder().caFile(missing).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("caFile " + missing + ": cannot read the file");
    assertThatThrownBy(() -> TlsContexts.create(TlsSettings.builder().caFile(notPem).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("caFile " + notPem + " holds no PEM block \"-----BEGIN CERTIFICATE-----\"");
    assertThatThrownBy(() -> TlsContexts.create(TlsSettings.builder().caFile(badBase64).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("caFile " + badBase64 + ": cannot read");
    assertThatThrownBy(
            () ->
                TlsContexts.create(
                    TlsSettings.builder().certFile(pki.caCert).keyFile(notPem).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keyFile " + notPem + " holds no PEM private key block");
  }

  @Test
  void a_key_of_another_certificate_is_refused() {
    TlsSettings settings =
        TlsSettings.builder().certFile(pki.serverCert).keyFile(pki.caKey).build();

    assertThatThrownBy(() -> TlsContexts.create(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not hold the private key")
        .hasMessageContaining("CN=server.test");
  }

  @Test
  void cert_file_and_key_file_go_together_and_a_blank_server_name_is_none() {
    assertThatThrownBy(() -> TlsSettings.builder().certFile(pki.serverCert).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certFile and keyFile must be set together");
    assertThat(TlsSettings.builder().serverName(" ").build().serverName()).isNull();
    assertThat(TlsSettings.DISABLED.enabled()).isFalse();
    assertThat(TlsContexts.create(TlsSettings.systemDefault()).getProtocol()).isEqualTo("TLS");
  }

  /** {@code key} converted by {@code openssl <command> -in key -out name <options>}. */
  private static Path openssl(Path key, String name, String command, String... options)
      throws IOException, InterruptedException {
    Path out = directory.resolve(name);
    List<String> line = new ArrayList<>(List.of("openssl", command, "-in", key.toString()));
    line.addAll(List.of("-out", out.toString()));
    line.addAll(List.of(options));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0)
        .as("%s: %s", line, output)
        .isTrue();
    return out;
  }

  /** A server with the EC certificate signed by the test CA; trusting that CA for clients. */
  private static SSLContext server(boolean needClientAuth) {
    return TlsContexts.create(
        TlsSettings.builder()
            .caFile(needClientAuth ? pki.caCert : null)
            .certFile(pki.serverCert)
            .keyFile(pki.serverKey)
            .build());
  }

  /**
   * Connects a client with {@code client}'s settings to 127.0.0.1 and reads one byte; returns the
   * client certificate's subject as the server saw it.
   */
  private static String handshake(SSLContext serverContext, TlsSettings client) throws Exception {
    boolean needClientAuth = client.certFile() != null;
    try (SSLServerSocket server =
        (SSLServerSocket)
            serverContext
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      server.setNeedClientAuth(needClientAuth);
      server.setSoTimeout(20_000);
      CompletableFuture<String> served =
          CompletableFuture.supplyAsync(() -> serve(server), serverThreads);
      try (SSLSocket socket =
          (SSLSocket)
              TlsContexts.create(client)
                  .getSocketFactory()
                  .createSocket("127.0.0.1", server.getLocalPort())) {
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        TlsContexts.configureClient(client, parameters);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        assertThat(socket.getInputStream().read()).isEqualTo(42);
      }
      return served.get(20, TimeUnit.SECONDS);
    }
  }

  private static String serve(SSLServerSocket server) {
    try (SSLSocket socket = (SSLSocket) server.accept()) {
      socket.setSoTimeout(20_000);
      socket.startHandshake();
      socket.getOutputStream().write(42);
      socket.getOutputStream().flush();
      return server.getNeedClientAuth()
          ? socket.getSession().getPeerPrincipal().getName()
          : "no client certificate";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
