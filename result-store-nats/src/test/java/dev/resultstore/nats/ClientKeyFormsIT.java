package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.testing.NatsServerProcess;
import dev.resultstore.core.testing.OpenSslPki;
import dev.resultstore.core.testing.OpenSslPki.ClientKey;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutual TLS against a nats-server of the test's own that requires a client certificate signed by
 * the test CA ({@code --tlsverify}): the client key is accepted in every PEM form Go's {@code
 * tls.X509KeyPair} accepts (PKCS#8, PKCS#1 RSA, SEC 1 EC), as cert-manager and openssl write them.
 */
class ClientKeyFormsIT {
  private static OpenSslPki pki;
  private static NatsServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    pki = OpenSslPki.create(Files.createTempDirectory("nats-client-keys-it-")).addClientKeys();
    server =
        NatsServerProcess.launch(
            "--tlsverify",
            "--tlscert",
            pki.serverCert.toString(),
            "--tlskey",
            pki.serverKey.toString(),
            "--tlscacert",
            pki.caCert.toString());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static List<ClientKey> clientKeyForms() {
    return OpenSslPki.CLIENT_KEY_FORMS;
  }

  @ParameterizedTest
  @MethodSource("clientKeyForms")
  void connects_with_a_client_key_in_every_form_go_accepts(ClientKey form) throws IOException {
    assertThat(Files.readString(pki.file(form.key()))).contains(form.header());
    TlsSettings tls =
        TlsSettings.builder()
            .caFile(pki.caCert)
            .certFile(pki.file(form.certificate()))
            .keyFile(pki.file(form.key()))
            .build();

    try (NatsResultSource source = source(tls)) {
      source.start();

      assertThat(source.isReady()).isTrue();
    }
  }

  @Test
  void the_server_refuses_a_client_without_a_certificate() {
    NatsResultSource source = source(TlsSettings.builder().caFile(pki.caCert).build());

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
}
