package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMainTest {
  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void help_names_the_jar_s_command() {
    int status = execute("--help");

    assertThat(status).isZero();
    assertThat(out.toString()).contains("Usage: result-store-bench").contains("--events=N");
  }

  @Test
  void a_configuration_the_runner_refuses_is_a_usage_error_naming_the_key() throws Exception {
    Path config = directory.resolve("result-store.yaml");
    Files.writeString(config, "scylla:\n  requestTimeout: soon\n");

    int status = execute("--config", config.toString(), "--events", "10");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: ").contains("requestTimeout").contains("soon");
  }

  private int execute(String... args) {
    return BenchMain.execute(
        Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
