package dev.resultstore.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay for the readiness test: it forwards every byte between its clients and the real CQL
 * server, so the runner talks to the real database through it. {@link #cut()} simulates an outage
 * of that server without stopping it (other engineers' tests share it): open connections are closed
 * and new ones are accepted and closed at once, as when a node goes down. {@link #restore()} ends
 * the outage. It is not a fake server: it never answers anything itself.
 */
final class CqlRelay implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  CqlRelay(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "cql-relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Where clients connect: {@code 127.0.0.1:<port>}. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Starts the outage: closes every relayed connection and refuses new ones. */
  void cut() {
    cut = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  /** Ends the outage. */
  void restore() {
    cut = false;
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed, or the relay was cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "cql-relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
