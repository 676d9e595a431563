package dev.resultstore.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the integration tests find a real NATS server with JetStream and a real CQL server.
 *
 * <p>In order: the addresses in {@code RSDEV_NATS_URL} and {@code RSDEV_CQL_CONTACT_POINTS}
 * (defaults {@code nats://127.0.0.1:4222} and {@code 127.0.0.1:9042}, what {@code
 * scripts/services.sh start} provides) when something answers there; else containers started
 * through Testcontainers when a Docker engine is available; else the test fails with a message
 * naming the command that starts the services. It never skips.
 */
public final class TestServices {
  /** The command that starts the local services. */
  public static final String START_COMMAND = "scripts/services.sh start";

  private static final String NATS_ENV = "RSDEV_NATS_URL";
  private static final String CQL_ENV = "RSDEV_CQL_CONTACT_POINTS";
  private static final String DATACENTER_ENV = "RSDEV_CQL_DATACENTER";
  private static final Object LOCK = new Object();

  private static String natsUrl;
  private static InetSocketAddress cqlContactPoint;
  private static String cqlDatacenter;

  private TestServices() {}

  /** The URL of a NATS server with JetStream enabled. */
  public static String natsUrl() {
    synchronized (LOCK) {
      if (natsUrl == null) {
        String configured = env(NATS_ENV, "nats://127.0.0.1:4222");
        URI uri = URI.create(configured);
        if (answers(uri.getHost(), uri.getPort() < 0 ? 4222 : uri.getPort())) {
          natsUrl = configured;
        } else if (dockerAvailable()) {
          GenericContainer<?> nats =
              new GenericContainer<>(DockerImageName.parse("nats:2.10"))
                  .withCommand("-js")
                  .withExposedPorts(4222)
                  .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
          nats.start();
          natsUrl = "nats://" + nats.getHost() + ":" + nats.getMappedPort(4222);
        } else {
          throw unavailable("NATS", configured, NATS_ENV);
        }
      }
      return natsUrl;
    }
  }

  /** A contact point of a CQL server (Cassandra or ScyllaDB). */
  public static InetSocketAddress cqlContactPoint() {
    synchronized (LOCK) {
      if (cqlContactPoint == null) {
        String configured = env(CQL_ENV, "127.0.0.1:9042").split(",")[0].trim();
        int colon = configured.lastIndexOf(':');
        String host = colon < 0 ? configured : configured.substring(0, colon);
        int port = colon < 0 ? 9042 : Integer.parseInt(configured.substring(colon + 1));
        if (answers(host, port)) {
          cqlContactPoint = new InetSocketAddress(host, port);
          cqlDatacenter = env(DATACENTER_ENV, "datacenter1");
        } else if (dockerAvailable()) {
          GenericContainer<?> scylla =
              new GenericContainer<>(DockerImageName.parse("scylladb/scylla:6.2"))
                  .withCommand("--smp", "1", "--memory", "1G", "--overprovisioned", "1")
                  .withExposedPorts(9042)
                  .waitingFor(Wait.forLogMessage(".*init - serving.*", 1));
          scylla.start();
          cqlContactPoint = new InetSocketAddress(scylla.getHost(), scylla.getMappedPort(9042));
          cqlDatacenter = "datacenter1";
        } else {
          throw unavailable("CQL", configured, CQL_ENV);
        }
      }
      return cqlContactPoint;
    }
  }

  /** The local datacenter of {@link #cqlContactPoint()}. */
  public static String cqlDatacenter() {
    cqlContactPoint();
    synchronized (LOCK) {
      return cqlDatacenter;
    }
  }

  private static IllegalStateException unavailable(String what, String address, String variable) {
    return new IllegalStateException(
        "No "
            + what
            + " server answers at "
            + address
            + " (set "
            + variable
            + " to change the address) and no Docker engine is available for Testcontainers."
            + " Start the local services with: "
            + START_COMMAND);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
