package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.testing.NatsServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mutual TLS against a nats-server of the test's own that requires a client certificate signed by
 * the test CA ({@code --tlsverify}): the client key is accepted in every PEM form Go's {@code
 * tls.X509KeyPair} accepts (PKCS#8, PKCS#1 RSA, SEC 1 EC), as cert-manager and openssl write them.
 */
class ClientKeyFormsIT {
  private static Path directory;
  private static NatsServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    directory = Files.createTempDirectory("nats-client-keys-it-");
    openssl(
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
    openssl(
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
    sign("server", "server.cnf");
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
    server =
        NatsServerProcess.launch(
            "--tlsverify",
            "--tlscert",
            directory.resolve("server.pem").toString(),
            "--tlskey",
            directory.resolve("server.key").toString(),
            "--tlscacert",
            directory.resolve("ca.pem").toString());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "rsa.pem, rsa-pkcs8.key, BEGIN PRIVATE KEY",
    "rsa.pem, rsa-pkcs1.key, BEGIN RSA PRIVATE KEY",
    "ec.pem, ec-sec1.key, BEGIN EC PRIVATE KEY",
    "ec.pem, ec-pkcs8.key, BEGIN PRIVATE KEY"
  })
  void connects_with_a_client_key_in_every_form_go_accepts(
      String certificate, String key, String header) throws IOException {
    assertThat(Files.readString(directory.resolve(key))).contains(header);
    TlsSettings tls =
        TlsSettings.builder()
            .caFile(directory.resolve("ca.pem"))
            .certFile(directory.resolve(certificate))
            .keyFile(directory.resolve(key))
            .build();

    try (NatsResultSource source = source(tls)) {
      source.start();

      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void the_server_refuses_a_client_without_a_certificate() {
    NatsResultSource source =
        source(TlsSettings.builder().caFile(directory.resolve("ca.pem")).build());

    assertThatThrownBy(source::start).isInstanceOf(NatsSourceException.class);
    source.close();
  }

  private static NatsResultSource source(TlsSettings tls) {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    NatsSourceConfig config =
        NatsSourceConfig.builder()
            .servers(List.of(server.url("localhost")))
            .subjectPrefix("keys." + random)
            .streamName("KEYS_" + random)
            .connectTimeout(Duration.ofSeconds(2))
            .drainTimeout(Duration.ofSeconds(2))
            .tls(tls)
            .build();
    return NatsResultSource.create(config, new ScriptedSink(), null);
  }

  private static void sign(String name, String extensions) throws Exception {
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

  private static void openssl(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "openssl " + String.join(" ", arguments) + " failed:\n" + output);
    }
  }
}
