package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.internal.TlsFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFailuresTest {
  private static final TlsSettings WITH_CA =
      TlsSettings.builder().caFile(Path.of("/etc/result-store/ca.pem")).build();

  @Test
  void an_unknown_ca_names_the_ca_file() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertPathBuilderException("unable to find valid certification path"));
    IOException wrapped = new IOException("connect failed", handshake);

    assertThat(TlsFailures.explain(wrapped, WITH_CA))
        .contains(
            "the server's TLS certificate is not signed by a CA we trust: caFile"
                + " /etc/result-store/ca.pem does not hold the CA that signed it");
  }

  @Test
  void without_a_ca_file_it_names_the_jdk_defaults() {
    assertThat(TlsFailures.explain(new CertPathBuilderException("x"), TlsSettings.systemDefault()))
        .hasValueSatisfying(text -> assertThat(text).contains("the JDK's default CAs"));
  }

  @Test
  void a_failure_among_suppressed_errors_is_found() {
    RuntimeException allNodes = new RuntimeException("All host(s) tried for query failed");
    allNodes.addSuppressed(new IOException("node 1: connection refused"));
    allNodes.addSuppressed(
        new SSLHandshakeException(
            "No subject alternative names matching IP address 127.0.0.1 found"));

    assertThat(TlsFailures.explain(allNodes, WITH_CA))
        .contains("the server's TLS certificate does not name the host we connect to");
  }

  @Test
  void a_wrong_server_name_is_named() {
    TlsSettings named = TlsSettings.builder().serverName("nats.example").build();

    assertThat(TlsFailures.explain(new CertificateException("No name matching x found"), named))
        .contains("the server's TLS certificate does not name serverName nats.example");
  }

  @Test
  void other_failures_are_no_certificate_problem() {
    IOException refused = new IOException("Connection refused");
    refused.addSuppressed(refused.getCause() == null ? new IOException("reset") : refused);

    assertThat(TlsFailures.explain(refused, WITH_CA)).isEmpty();
    assertThat(TlsFailures.explain(null, WITH_CA)).isEmpty();
  }
}
