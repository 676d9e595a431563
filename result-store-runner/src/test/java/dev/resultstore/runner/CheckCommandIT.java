package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --connect} against the real NATS and CQL servers. */
class CheckCommandIT {
  @TempDir Path directory;

  private final ItFixture fixture = new ItFixture();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void cleanUp() {
    fixture.cleanUp();
  }

  @Test
  void a_fresh_setup_is_usable_because_the_runner_creates_what_is_missing() throws IOException {
    Path file = fixture.writeConfig(directory, fixture.cqlHost(), 0);

    int status = check(file);

    assertThat(status).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("NATS " + fixture.natsUrl + ": connected")
        .contains("stream " + fixture.stream + ": missing; the runner creates it")
        .contains("CQL node ")
        .contains("keyspace " + fixture.keyspace + " is missing")
        .contains("usable");
  }

  @Test
  void a_missing_schema_without_auto_migrate_is_a_problem_and_exits_4() throws IOException {
    Path file = fixture.writeConfig(directory, fixture.cqlHost(), 0);
    Files.writeString(
        file, Files.readString(file).replace("autoMigrate: true", "autoMigrate: false"));

    int status = check(file);

    assertThat(status).as(out.toString()).isEqualTo(4);
    assertThat(out.toString())
        .contains("problem: keyspace " + fixture.keyspace + " is missing")
        .contains("not usable as configured");
  }

  @Test
  void after_the_runner_set_up_the_stream_consumer_and_schema_they_are_reported_as_configured()
      throws Exception {
    int port = RunnerProcess.freePort();
    Path file = fixture.writeConfig(directory, fixture.cqlHost(), port);
    try (RunnerProcess runner = RunnerProcess.start(file, directory.resolve("runner.log"), port)) {
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(runner.status("/readyz")).isEqualTo(200));
    }

    int status = check(file);

    assertThat(status).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("stream " + fixture.stream + ": subjects [")
        .contains("consumer " + fixture.consumer + ": settings as configured")
        .contains("keyspace " + fixture.keyspace + ": tables [invocation_results");
  }

  @Test
  void services_that_do_not_answer_exit_1() throws IOException {
    Path file =
        Files.writeString(
            directory.resolve("down.yaml"),
            "serverless:\n  url: nats://127.0.0.1:1\n  connectTimeout: 1s\n"
                + "scylla:\n  hosts: [127.0.0.1:1]\n  connectTimeout: 1s\n");

    int status = check(file);

    assertThat(status).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("unreachable: NATS").contains("unreachable: CQL");
  }

  private int check(Path file) {
    return Main.execute(
        Map.of(),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        "check",
        "--config",
        file.toString(),
        "--connect");
  }
}
