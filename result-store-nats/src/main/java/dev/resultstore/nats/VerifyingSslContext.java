package dev.resultstore.nats;

import dev.resultstore.core.TlsSettings;
import dev.resultstore.core.internal.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose client sockets and engines get {@link
 * TlsContexts#configureClient(TlsSettings, SSLParameters)}: host name verification (unless {@code
 * insecureSkipVerify}) and {@code serverName} as SNI, the certificate then being verified against
 * {@code serverName} instead of the host connected to. The NATS client only takes a context, and
 * does none of this by itself.
 */
final class VerifyingSslContext {
  private VerifyingSslContext() {}

  /** The context for {@code tls}. */
  static SSLContext create(TlsSettings tls) {
    SSLContext delegate = TlsContexts.create(tls);
    return new SSLContext(
        new Spi(delegate, tls), delegate.getProvider(), delegate.getProtocol()) {};
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final TlsSettings tls;

    Spi(SSLContext delegate, TlsSettings tls) {
      this.delegate = delegate;
      this.tls = tls;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      delegate.init(keys, trust, random);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new Factory(delegate.getSocketFactory(), tls);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return configure(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return configure(delegate.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    private SSLEngine configure(SSLEngine engine) {
      SSLParameters parameters = engine.getSSLParameters();
      TlsContexts.configureClient(tls, parameters);
      engine.setSSLParameters(parameters);
      return engine;
    }
  }

  private static final class Factory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final TlsSettings tls;

    Factory(SSLSocketFactory delegate, TlsSettings tls) {
      this.delegate = delegate;
      this.tls = tls;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return configure(delegate.createSocket());
    }

    /**
     * The layering the NATS client uses. With a {@code serverName}, that name is also given as the
     * peer host: the JDK checks the certificate against the SNI name but falls back to the peer
     * host when that fails, so only this makes the check strict (as Go's {@code ServerName} is).
     */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
        throws IOException {
      String peer = tls.serverName() == null ? host : tls.serverName();
      return configure(delegate.createSocket(socket, peer, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose)
        throws IOException {
      return configure(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    private Socket configure(Socket socket) {
      if (socket instanceof SSLSocket ssl) {
        SSLParameters parameters = ssl.getSSLParameters();
        TlsContexts.configureClient(tls, parameters);
        ssl.setSSLParameters(parameters);
      }
      return socket;
    }
  }
}
