package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} follows the CQL server: false while it does not answer, true again after it
 * returns.
 *
 * <p>The CQL server is shared with other tests, so it cannot be stopped. Instead the runner reaches
 * it through a {@link CqlRelay}, a plain TCP relay in this test that forwards bytes to the real
 * server; cutting the relay is, for the runner, exactly a CQL node going down (connections reset,
 * new ones refused), and restoring it is the node coming back.
 */
class ReadinessIT {
  @TempDir Path directory;

  private final ItFixture fixture = new ItFixture();
  private CqlRelay relay;
  private RunnerProcess runner;

  @BeforeEach
  void start() throws IOException {
    relay = new CqlRelay(fixture.cql);
    int port = RunnerProcess.freePort();
    Path config = fixture.writeConfig(directory, relay.address(), port);
    runner = RunnerProcess.start(config, directory.resolve("runner.log"), port);
  }

  @AfterEach
  void stop() throws Exception {
    runner.close();
    relay.close();
    fixture.cleanUp();
  }

  @Test
  void readyz_turns_false_while_the_cql_server_is_down_and_true_after_it_returns()
      throws Exception {
    awaitStatus(200, Duration.ofMinutes(3));
    assertThat(runner.metric("result_store_ready")).isEqualTo(1.0);

    relay.cut();

    awaitStatus(503, Duration.ofSeconds(60));
    assertThat(runner.get("/readyz").body()).contains("\"cql\":false");
    assertThat(runner.metric("result_store_ready")).isZero();
    assertThat(runner.status("/healthz")).isEqualTo(200);

    relay.restore();

    awaitStatus(200, Duration.ofMinutes(2));
    assertThat(runner.isAlive()).isTrue();
  }

  private void awaitStatus(int status, Duration atMost) {
    await("/readyz " + status)
        .atMost(atMost)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(runner.isAlive()).as("runner alive; log:%n%s", runner.log()).isTrue();
              assertThat(runner.status("/readyz")).isEqualTo(status);
            });
  }
}
