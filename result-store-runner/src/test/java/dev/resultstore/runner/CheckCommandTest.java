package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} without {@code --connect}: the configuration alone, no network. */
class CheckCommandTest {
  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void a_valid_configuration_exits_0() throws IOException {
    Path file = write("consumerName: runtime-result-store\nscylla:\n  keyspace: results\n");

    assertThat(check(file)).isZero();
    assertThat(out.toString()).contains("configuration " + file + ": valid");
  }

  @Test
  void unknown_keys_are_each_named_and_exit_2() throws IOException {
    Path file = write("scylla:\n  hostz: [a:9042]\n  keyspace: results\nconsumerNmae: x\n");

    assertThat(check(file)).isEqualTo(2);
    assertThat(out.toString())
        .contains("unknown key: scylla.hostz")
        .contains("unknown key: consumerNmae")
        .contains("2 unknown key(s)");
  }

  @Test
  void a_variable_under_the_runners_prefix_that_names_no_key_is_named_and_exits_2()
      throws IOException {
    Path file = write("consumerName: runtime-result-store\n");

    int status =
        Main.execute(
            Map.of("RESULT_STORE_SCYLLA_HOSTZ", "a:9042"),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "check",
            "--config",
            file.toString());

    assertThat(status).isEqualTo(2);
    assertThat(out.toString()).contains("unknown variable: RESULT_STORE_SCYLLA_HOSTZ");
  }

  @Test
  void keys_only_the_go_process_uses_are_not_unknown() throws IOException {
    Path file = write("networkPolicyTarget:\n  namespace: runtime-workers\n");

    assertThat(check(file)).isZero();
  }

  @Test
  void a_bad_value_exits_2_naming_the_key() throws IOException {
    Path file = write("ackWait: soon\n");

    assertThat(check(file)).isEqualTo(2);
    assertThat(err.toString()).contains("ackWait").contains("soon");
  }

  @Test
  void a_value_the_components_refuse_exits_2() throws IOException {
    Path file = write("scylla:\n  password: secret\n");

    assertThat(check(file)).isEqualTo(2);
    assertThat(err.toString()).contains("scylla");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(directory.resolve("result-store.yaml"), yaml);
  }

  private int check(Path file) {
    return Main.execute(
        Map.of(),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        "check",
        "--config",
        file.toString());
  }
}
