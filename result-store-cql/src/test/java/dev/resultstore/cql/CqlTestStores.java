package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.testing.TestServices;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Configurations and sessions for integration tests against the real CQL server. */
final class CqlTestStores {
  private CqlTestStores() {}

  /** A keyspace name unique to this test run: {@code rs_it_} and 12 hex digits. */
  static String uniqueKeyspace() {
    return "rs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A configuration for the test server with {@code keyspace}, everything else default. */
  static CqlStoreConfig.Builder config(String keyspace) {
    InetSocketAddress address = TestServices.cqlContactPoint();
    return CqlStoreConfig.builder()
        .contactPoints(List.of(address.getHostString() + ":" + address.getPort()))
        .localDatacenter(TestServices.cqlDatacenter())
        .keyspace(keyspace)
        .requestTimeout(Duration.ofSeconds(20))
        .connectTimeout(Duration.ofSeconds(10));
  }

  /** A driver session to the test server as the store opens its own, for checks outside it. */
  static CqlSession plainSession() {
    return CqlSessions.connect(config("system").build());
  }

  /** Waits up to a minute for {@code stage} and returns its value. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the stage did not complete normally: " + e, e);
    }
  }

  /** Waits up to a minute for {@code stage} to fail and returns why. */
  static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the stage completed normally");
  }

  /**
   * Drops {@code keyspace} if it exists, allowing the schema change two minutes whatever the
   * session's request timeout (a drop on a busy shared server takes more than a few seconds).
   */
  static void drop(CqlSession session, String keyspace) {
    if (keyspace.toLowerCase(Locale.ROOT).startsWith("rs_it_")) {
      session.execute(
          SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
              .setTimeout(Duration.ofMinutes(2)));
    }
  }
}
