package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.testing.NatsServerProcess;
import dev.resultstore.core.testing.OpenSslPki;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a nats-server of the test's own that requires TLS, with a certificate for {@code
 * localhost} and {@code 127.0.0.1} signed by a CA made for the test (with {@code openssl}, {@link
 * OpenSslPki}).
 */
class TlsIT {
  private static Path ca;
  private static NatsServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    OpenSslPki pki = OpenSslPki.create(Files.createTempDirectory("nats-tls-it-"));
    ca = pki.caCert;
    server =
        NatsServerProcess.launch(
            "--tls", "--tlscert", pki.serverCert.toString(), "--tlskey", pki.serverKey.toString());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void connects_when_the_certificate_is_signed_by_the_configured_ca_and_names_the_host() {
    try (NatsResultSource source = source(TlsSettings.builder().caFile(ca).build())) {
      source.start();

      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void refuses_a_server_whose_certificate_does_not_name_the_expected_server_name() {
    NatsResultSource source =
        source(TlsSettings.builder().caFile(ca).serverName("nats.other.example").build());

    assertThatThrownBy(source::start)
        .isInstanceOf(NatsSourceException.class)
        .hasMessageContaining("Could not connect to NATS")
        .hasMessageContaining(
            "the server's TLS certificate does not name serverName nats.other.example");
    source.close();
  }

  @Test
  void refuses_a_certificate_of_a_ca_it_does_not_trust() {
    NatsResultSource source = source(TlsSettings.systemDefault());

    assertThatThrownBy(source::start)
        .isInstanceOf(NatsSourceException.class)
        .hasMessageContaining(
            "the server's TLS certificate is not signed by a CA we trust: the JDK's default CAs");
    source.close();
  }

  @Test
  void insecure_skip_verify_accepts_any_certificate() {
    try (NatsResultSource source =
        source(
            TlsSettings.builder()
                .serverName("nats.other.example")
                .insecureSkipVerify(true)
                .build())) {
      source.start();

      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void a_tool_connection_verifies_the_certificate_as_the_source_does() throws Exception {
    Connection connection =
        NatsConnections.connect(config(TlsSettings.builder().caFile(ca).build()), "tool");
    try {
      assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    } finally {
      connection.close();
    }
  }

  @Test
  void a_tool_connection_refuses_a_certificate_that_does_not_name_the_expected_server_name() {
    NatsSourceConfig config =
        config(TlsSettings.builder().caFile(ca).serverName("nats.other.example").build());

    assertThatThrownBy(() -> NatsConnections.connect(config, "tool"))
        .isInstanceOf(NatsSourceException.class)
        .hasMessageContaining("Could not connect to NATS")
        .hasMessageContaining(
            "the server's TLS certificate does not name serverName nats.other.example");
  }

  private static NatsResultSource source(TlsSettings tls) {
    return NatsResultSource.create(config(tls), new ScriptedSink(), null);
  }

  private static NatsSourceConfig config(TlsSettings tls) {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    return NatsSourceConfig.builder()
        .servers(List.of(server.url("localhost")))
        .subjectPrefix("tls." + random)
        .streamName("TLS_" + random)
        .connectTimeout(Duration.ofSeconds(2))
        .drainTimeout(Duration.ofSeconds(2))
        .tls(tls)
        .build();
  }
}
