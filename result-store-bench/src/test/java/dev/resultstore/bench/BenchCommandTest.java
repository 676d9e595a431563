package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Path> loaded = new ArrayList<>();

  @Test
  void help_lists_the_options_of_the_issue() {
    int status = execute("--help");

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("Usage: bench")
        .contains("--config=FILE", "--events=N", "--body-bytes=B", "--report=FILE")
        .contains("--waits=N", "--large-mix-events=N", "--nats-monitor=URL");
    // the help wraps its lines where the widest option leaves room
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("Default: 200000", "Default: 1024", "Default: 1000");
    assertThat(loaded).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "--events, 0",
    "--events, 10000001",
    "--body-bytes, 15",
    "--seed-events, 0",
    "--lookups, -1",
    "--lookup-concurrency, 0",
    "--waits, -1",
    "--large-mix-events, -1"
  })
  void a_value_out_of_range_is_a_usage_error_before_the_configuration_is_read(
      String option, String value) {
    int status = execute(option, value);

    assertThat(status).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains(option).contains(value);
    assertThat(loaded).isEmpty();
  }

  @Test
  void the_config_option_goes_to_the_runner_s_loader() {
    int status = execute("--config", "some/result-store.yaml", "--events", "10");

    assertThat(status).isNotZero();
    assertThat(loaded).containsExactly(Path.of("some/result-store.yaml"));
    assertThat(err.toString()).contains("no configuration here");
  }

  @Test
  void without_the_config_option_the_loader_gets_null() {
    execute("--events", "10");

    assertThat(loaded).hasSize(1).containsNull();
  }

  private int execute(String... args) {
    CommandLine commandLine =
        new CommandLine(
            new BenchCommand(
                file -> {
                  loaded.add(file);
                  throw new IllegalStateException("no configuration here");
                }));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
