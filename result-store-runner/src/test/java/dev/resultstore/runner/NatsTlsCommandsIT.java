package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.testing.NatsServerProcess;
import dev.resultstore.core.testing.TestCertificates;
import dev.resultstore.nats.NatsConnections;
import dev.resultstore.nats.NatsSourceConfig;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq} and {@code publish} against a nats-server of the test's own that requires TLS, with a
 * certificate for {@code server.test} only: they verify the server's certificate as {@code run}
 * does (the CA, then the host name or {@code tls.serverName}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsTlsCommandsIT {
  private static final String STREAM = "TLS_COMMANDS";
  private static final String PREFIX = "tlscommands.serverless";

  @TempDir static Path directory;

  private TestCertificates pki;
  private NatsServerProcess server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  void start_a_tls_server_with_the_stream() throws Exception {
    pki = TestCertificates.create(Files.createDirectories(directory.resolve("pki")));
    server =
        NatsServerProcess.launch(
            "--tls", "--tlscert", pki.serverCert.toString(), "--tlskey", pki.serverKey.toString());
    NatsSourceConfig config =
        NatsSourceConfig.builder()
            .servers(List.of(server.url()))
            .tls(TlsSettings.builder().caFile(pki.caCert).serverName("server.test").build())
            .build();
    Connection connection = NatsConnections.connect(config, "test");
    try {
      connection
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name(STREAM)
                  .subjects(PREFIX + ".result.*", PREFIX + ".dlq.*.*")
                  .build());
    } finally {
      NatsConnections.close(connection);
    }
  }

  @AfterAll
  void stop_the_server() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void dlq_list_connects_when_the_certificate_names_the_server_name() throws Exception {
    int status = execute("server.test", "dlq", "list");

    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString()).contains("no dead letters");
  }

  @Test
  void dlq_list_refuses_a_certificate_that_does_not_name_the_server_name() throws Exception {
    int status = execute("nats.other.example", "dlq", "list");

    assertThat(status).isEqualTo(Main.FAILURE);
    assertThat(err.toString())
        .contains("the server's TLS certificate does not name serverName nats.other.example");
  }

  @Test
  void dlq_list_refuses_a_certificate_that_does_not_name_the_host_it_connected_to()
      throws Exception {
    int status = execute(null, "dlq", "list");

    assertThat(status).isEqualTo(Main.FAILURE);
    assertThat(err.toString()).contains("Could not connect to NATS");
  }

  @Test
  void publish_refuses_a_certificate_that_does_not_name_the_server_name() throws Exception {
    int status = execute("nats.other.example", "publish", "--generate", "1");

    assertThat(status).isEqualTo(Main.FAILURE);
    assertThat(err.toString())
        .contains("the server's TLS certificate does not name serverName nats.other.example");
  }

  private int execute(String serverName, String... command) throws Exception {
    Path config =
        Files.writeString(
            Files.createTempFile(directory, "result-store", ".yaml"),
            String.join(
                "\n",
                "serverless:",
                "  url: " + server.url(),
                "  subjectPrefix: " + PREFIX,
                "  streamName: " + STREAM,
                "  connectTimeout: 2s",
                "  tls:",
                "    enabled: true",
                "    caFile: " + pki.caCert,
                serverName == null ? "" : "    serverName: " + serverName,
                ""));
    String[] args = new String[command.length + 2];
    System.arraycopy(command, 0, args, 0, command.length);
    args[command.length] = "--config";
    args[command.length + 1] = config.toString();
    return Main.execute(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
