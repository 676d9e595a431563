package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.config.ResultStoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @ParameterizedTest
  @ValueSource(
      strings = {"run", "check", "get", "query", "dlq", "dlq list", "dlq replay", "publish"})
  void every_command_has_help_that_formats_without_warnings(String command) {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int status;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      status = execute((command + " --help").split(" "));
    } finally {
      System.setErr(original);
    }

    assertThat(status).isZero();
    assertThat(out.toString()).contains("Usage: result-store-runner " + command).contains("--help");
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .as("a description with an unescaped %% makes the parser warn on stderr")
        .doesNotContain("WARN");
  }

  @Test
  void the_top_level_help_lists_the_commands() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString())
        .contains("run", "get", "wait", "status", "delete", "query", "dlq", "publish");
  }

  @Test
  void an_unknown_flag_is_one_line_and_status_2() {
    int status = execute("get", "--frobnicate", "inv-1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("--frobnicate").contains("result-store-runner get --help");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void a_bad_value_is_one_line_and_status_2() {
    int status = execute("query", "--limit", "many");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("--limit").contains("many");
  }

  @Test
  void delete_without_yes_deletes_nothing_and_is_status_2() {
    int status = execute("delete", "inv-1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--yes");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void wait_with_a_bad_timeout_is_status_2() {
    assertThat(execute("wait", "inv-1", "--timeout", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("Go duration");
  }

  @Test
  void a_bad_duration_flag_is_status_2() {
    assertThat(execute("query", "--since", "an hour")).isEqualTo(2);
    assertThat(err.toString()).contains("Go duration");
  }

  @Test
  void since_and_from_together_are_status_2() {
    assertThat(execute("query", "--since", "1h", "--from", "2026-07-13T09:00:00Z")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("--since cannot be combined");
  }

  @Test
  void a_missing_command_is_status_2() {
    assertThat(execute()).isEqualTo(2);
    assertThat(execute("dlq")).isEqualTo(2);
  }

  @Test
  void version_names_the_version_and_the_commit() {
    assertThat(execute("--version")).isZero();
    assertThat(out.toString().strip())
        .matches("result-store-runner [0-9][^ ]* \\(commit ([0-9a-f]{7,}|unknown)\\)");
  }

  @Test
  void generate_completion_prints_a_bash_completion_script_with_every_command() {
    assertThat(execute("generate-completion")).isZero();
    assertThat(out.toString())
        .contains("complete -F")
        .contains("result-store-runner")
        .contains("check")
        .contains("dlq");
  }

  @Test
  void a_missing_argument_is_status_2() {
    assertThat(execute("get")).isEqualTo(2);
    assertThat(err.toString()).contains("INVOCATION_ID");
  }

  @Test
  void bad_configuration_is_status_2_naming_the_key() throws IOException {
    Path config = Files.writeString(directory.resolve("bad.yaml"), "ackWait: soon\n");

    int status = execute("run", "--config", config.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("ackWait").contains("\"soon\"").contains("Go duration");
  }

  @Test
  void a_missing_configuration_file_is_status_2() {
    int status = execute("run", "--config", directory.resolve("absent.yaml").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("absent.yaml");
  }

  @Test
  void the_configuration_file_may_come_from_the_environment() throws IOException {
    Path config = Files.writeString(directory.resolve("env.yaml"), "scylla:\n  chunkBytes: 1\n");

    int status =
        Main.execute(
            Map.of(ResultStoreConfig.CONFIG_ENV, config.toString()),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "run");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("scylla.chunkBytes");
  }

  @Test
  void publish_needs_something_to_publish() {
    assertThat(execute("publish")).isEqualTo(2);
    assertThat(err.toString()).contains("--samples").contains("--generate");
  }

  private int execute(String... args) {
    return Main.execute(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
