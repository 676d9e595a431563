package dev.resultstore.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints on the JDK's HTTP server: {@code GET /healthz} (200 while the process
 * runs), {@code GET /startupz} (200 once connected to NATS and CQL the first time, 503 before),
 * {@code GET /readyz} (200 or 503, with each check's result as JSON) and {@code GET /metrics}
 * (Prometheus text format). Two daemon threads serve them.
 */
final class HttpEndpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoints(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving.
   *
   * @throws IOException when the address cannot be bound
   */
  static HttpEndpoints start(String host, int port, Readiness readiness, RunnerMetrics metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "http-endpoints");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/healthz",
        exchange -> respond(exchange, 200, "application/json", "{\"status\":\"ok\"}\n"));
    server.createContext(
        "/startupz",
        exchange -> {
          boolean started = readiness.started();
          respond(
              exchange, started ? 200 : 503, "application/json", "{\"started\":" + started + "}\n");
        });
    server.createContext(
        "/readyz",
        exchange -> {
          Map<String, Boolean> details = readiness.details();
          boolean ready = details.values().stream().allMatch(Boolean::booleanValue);
          StringBuilder body = new StringBuilder("{\"ready\":").append(ready);
          details.forEach((name, ok) -> body.append(",\"").append(name).append("\":").append(ok));
          respond(exchange, ready ? 200 : 503, "application/json", body.append("}\n").toString());
        });
    server.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
    server.start();
    HttpEndpoints endpoints = new HttpEndpoints(server, executor);
    LOG.info(
        "Serving /healthz, /startupz, /readyz and /metrics on http://{}:{}",
        host,
        endpoints.port());
    return endpoints;
  }

  /** The bound port. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
