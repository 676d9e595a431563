package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_json_line_has_the_field_names_aggregators_read_with_the_mdc_at_the_top_level()
      throws IOException {
    JsonNode line = encode(Map.of("invocationId", "inv-1"));

    assertThat(fieldNames(line))
        .containsExactlyInAnyOrder(
            "@timestamp", "message", "level", "logger", "thread", "invocationId");
    assertThat(line.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("logger").asText()).isEqualTo("dev.resultstore.runner.Runner");
    assertThat(line.get("message").asText()).isEqualTo("The CQL store does not answer: not ready");
    assertThat(line.get("invocationId").asText()).isEqualTo("inv-1");
  }

  @Test
  void the_example_line_in_the_operations_guide_has_the_fields_the_encoder_writes()
      throws IOException {
    JsonNode example = JSON.readTree(exampleLine());

    assertThat(fieldNames(example)).isEqualTo(fieldNames(encode(Map.of())));
  }

  @Test
  void a_command_closing_its_store_prints_the_drivers_errors_but_not_its_warnings() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger driver = context.getLogger(LogSetup.DRIVER_LOGGER);
    Level before = driver.getLevel();
    try {
      LogSetup.closingStore();

      Logger closeRace =
          LoggerFactory.getLogger(
              "com.datastax.oss.driver.internal.core.util.concurrent.UncaughtExceptions");
      assertThat(closeRace.isWarnEnabled()).isFalse();
      assertThat(closeRace.isErrorEnabled()).isTrue();
      assertThat(LoggerFactory.getLogger(Runner.class).isWarnEnabled()).isTrue();
    } finally {
      driver.setLevel(before);
    }
  }

  private static JsonNode encode(Map<String, String> mdc) throws IOException {
    LoggerContext context = new LoggerContext();
    LogstashEncoder encoder = LogSetup.jsonEncoder(context);
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("dev.resultstore.runner.Runner");
    event.setLevel(Level.WARN);
    event.setThreadName("main");
    event.setMessage("The CQL store does not answer: not ready");
    event.setTimeStamp(1_796_399_165_556L);
    event.setMDCPropertyMap(mdc);
    event.setLoggerContext(context);
    byte[] bytes = encoder.encode(event);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n").doesNotContain("\n{");
    return JSON.readTree(text);
  }

  /** The JSON line under "Logs" in docs/operations.md. */
  private static String exampleLine() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "operations.md"));
    return lines.stream()
        .filter(line -> line.startsWith("{\"@timestamp\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("docs/operations.md has no example JSON log line"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
