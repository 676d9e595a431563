package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.internal.TlsContexts;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for the driver's connections from {@link TlsSettings}: the server's certificate is checked
 * against the CA (or the JDK's trust store), and its host name against the node's address or {@code
 * serverName} when one is set (which is also sent as SNI); {@code insecureSkipVerify} turns both
 * checks off.
 */
final class TlsEngineFactory implements SslEngineFactory {
  private final TlsSettings settings;
  private final SSLContext context;

  TlsEngineFactory(TlsSettings settings) {
    this.settings = settings;
    this.context = TlsContexts.create(settings);
  }

  @Override
  public SSLEngine newSslEngine(EndPoint remoteEndpoint) {
    SocketAddress address = remoteEndpoint.resolve();
    SSLEngine engine;
    if (address instanceof InetSocketAddress inet) {
      String host = settings.serverName() != null ? settings.serverName() : inet.getHostString();
      engine = context.createSSLEngine(host, inet.getPort());
    } else {
      engine = context.createSSLEngine();
    }
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    TlsContexts.configureClient(settings, parameters);
    engine.setSSLParameters(parameters);
    return engine;
  }

  @Override
  public void close() {}
}
