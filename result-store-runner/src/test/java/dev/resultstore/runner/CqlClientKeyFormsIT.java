package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.OpenSslPki;
import dev.resultstore.core.testing.OpenSslPki.ClientKey;
import dev.resultstore.core.testing.TestResults;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.runner.fault.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutual TLS against a Cassandra of the test's own that requires a client certificate signed by the
 * test CA ({@code client_encryption_options} with {@code require_client_auth: true}, started by
 * {@code scripts/cassandra-cluster.sh --client-tls ... --client-auth ...} on free ports and deleted
 * afterwards). Configured as the runner is, through the {@code scylla.tls} keys, the store writes
 * and reads a result with a client key in every PEM form Go's {@code tls.X509KeyPair} accepts. It
 * starts its server itself, so it never skips: when the server cannot start, it fails.
 */
class CqlClientKeyFormsIT {
  private static final String PASSWORD = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String NAME =
      "keys-" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  private static OpenSslPki pki;
  private static String[] cluster;
  private static int nativePort;
  private static final String KEYSPACE =
      "keys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  @BeforeAll
  static void startCassandra() throws Exception {
    pki = OpenSslPki.create(Files.createTempDirectory("cql-client-keys-it-")).addClientKeys();
    Path keyStore = pki.keyStore("server", "server.pem", "server.key", PASSWORD);
    Path trustStore = pki.trustStore("trust", PASSWORD);
    Path probe = pki.keyStore("probe", "rsa.pem", "rsa-pkcs8.key", PASSWORD);
    nativePort = RunnerProcess.freePort();
    cluster =
        new String[] {
          "--name",
          NAME,
          "--nodes",
          "1",
          "--native-port",
          String.valueOf(nativePort),
          "--storage-port",
          String.valueOf(RunnerProcess.freePort()),
          "--client-tls",
          keyStore + ":" + PASSWORD + ":" + pki.caCert,
          "--client-auth",
          trustStore + ":" + probe
        };
    Scripts.run("cassandra-cluster.sh", command("start"));
  }

  @AfterAll
  static void stopCassandra() throws Exception {
    if (cluster != null) {
      Scripts.run("cassandra-cluster.sh", command("stop", "--purge"));
    }
  }

  static List<ClientKey> clientKeyForms() {
    return OpenSslPki.CLIENT_KEY_FORMS;
  }

  @ParameterizedTest
  @MethodSource("clientKeyForms")
  void stores_and_reads_a_result_with_a_client_key_in_every_form_go_accepts(ClientKey form)
      throws Exception {
    assertThat(Files.readString(pki.file(form.key()))).contains(form.header());
    ResultStoreConfig config =
        config(
            "    caFile: " + pki.caCert,
            "    certFile: " + pki.file(form.certificate()),
            "    keyFile: " + pki.file(form.key()));
    InvocationResult result =
        TestResults.result(
                TestResults.requestId("keys"), Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .build();

    try (CqlResultStore store = CqlResultStore.connect(config.cql())) {
      assertThat(store.write(result).toCompletableFuture().get()).isEqualTo(WriteOutcome.STORED);
      assertThat(store.get(result.invocationId()).toCompletableFuture().get())
          .hasValueSatisfying(
              read -> assertThat(read.invocationId()).isEqualTo(result.invocationId()));
    }
  }

  @Test
  void the_server_refuses_a_client_without_a_certificate() {
    ResultStoreConfig config = config("    caFile: " + pki.caCert);

    assertThatThrownBy(() -> CqlResultStore.connect(config.cql()).close())
        .hasStackTraceContaining("SSL");
  }

  /** The runner's configuration of the store, with these {@code scylla.tls} lines. */
  private static ResultStoreConfig config(String... tls) {
    String yaml =
        String.join(
            "\n",
            "scylla:",
            "  hosts: [127.0.0.1:" + nativePort + "]",
            "  datacenter: datacenter1",
            "  keyspace: " + KEYSPACE,
            "  replicationFactor: 1",
            "  autoMigrate: true",
            "  connectTimeout: 10s",
            "  requestTimeout: 20s",
            "  tls:",
            String.join("\n", tls),
            "");
    return ResultStoreConfig.parse(yaml, Map.of());
  }

  private static String[] command(String... verb) {
    String[] all = new String[cluster.length + verb.length];
    System.arraycopy(cluster, 0, all, 0, cluster.length);
    System.arraycopy(verb, 0, all, cluster.length, verb.length);
    return all;
  }
}
