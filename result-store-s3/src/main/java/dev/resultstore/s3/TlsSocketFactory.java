package dev.resultstore.s3;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.internal.TlsContexts;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

/**
 * TLS sockets with the project's {@link TlsSettings}, as the CQL and NATS connections get them: the
 * configured CAs and client certificate, and the JDK's host name check (or the {@code
 * serverName}'s, also sent as SNI) set on each socket. The HTTP client's own host name verifier is
 * off because the JDK's check replaces it (and {@code insecureSkipVerify} turns both off).
 */
final class TlsSocketFactory extends SSLConnectionSocketFactory {
  private final TlsSettings tls;

  TlsSocketFactory(TlsSettings tls) {
    super(TlsContexts.create(tls), NoopHostnameVerifier.INSTANCE);
    this.tls = tls;
  }

  @Override
  protected void prepareSocket(SSLSocket socket) {
    SSLParameters parameters = socket.getSSLParameters();
    TlsContexts.configureClient(tls, parameters);
    socket.setSSLParameters(parameters);
  }
}
