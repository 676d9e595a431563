package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint;
import dev.resultstore.core.TlsSettings;
import java.net.InetSocketAddress;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class TlsEngineFactoryTest {
  private static final DefaultEndPoint NODE =
      new DefaultEndPoint(new InetSocketAddress("127.0.0.1", 9142));

  @Test
  void the_host_name_is_verified_against_the_node_by_default() {
    SSLEngine engine = new TlsEngineFactory(TlsSettings.systemDefault()).newSslEngine(NODE);

    assertThat(engine.getUseClientMode()).isTrue();
    assertThat(engine.getPeerHost()).isEqualTo("127.0.0.1");
    assertThat(engine.getPeerPort()).isEqualTo(9142);
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  void a_server_name_replaces_the_node_address_for_verification_and_sni() {
    TlsSettings settings = TlsSettings.builder().serverName("cql.example.internal").build();

    SSLEngine engine = new TlsEngineFactory(settings).newSslEngine(NODE);

    assertThat(engine.getPeerHost()).isEqualTo("cql.example.internal");
    assertThat(engine.getSSLParameters().getServerNames())
        .containsExactly(new SNIHostName("cql.example.internal"));
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  void insecure_skip_verify_turns_host_name_verification_off() {
    TlsSettings settings = TlsSettings.builder().insecureSkipVerify(true).build();

    SSLEngine engine = new TlsEngineFactory(settings).newSslEngine(NODE);

    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
  }
}
