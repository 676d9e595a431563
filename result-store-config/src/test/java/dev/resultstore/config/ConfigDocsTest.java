package dev.resultstore.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md}'s key tables against the loader's keys and the builders' defaults:
 * every key the loader reads has a row, every row names a key the loader reads, and each default
 * the table states is the builder's.
 */
class ConfigDocsTest {
  private static final Path DOCS = Path.of("..", "docs", "configuration.md");
  private static final Pattern FIRST_CODE = Pattern.compile("`([^`]+)`");

  @Test
  void every_key_has_a_row_and_every_row_a_key() throws IOException {
    Map<String, String> rows = rows();
    Set<String> documented = new TreeSet<>();
    SoftAssertions softly = new SoftAssertions();
    for (ConfigBinding<?, ?> binding : bindings()) {
      String row = rowFor(rows, binding);
      softly.assertThat(row).as("a row for %s", binding.key()).isNotNull();
      documented.add(binding.key());
    }
    for (String key : rows.keySet()) {
      if (key.startsWith("tls.") || key.endsWith(".*")) {
        continue;
      }
      softly
          .assertThat(documented)
          .as("the documented key %s is one the loader reads", key)
          .contains(key);
    }
    softly.assertAll();
  }

  @Test
  void every_stated_default_is_the_builders() throws IOException {
    Map<String, String> rows = rows();
    ResultStoreConfig defaults = ResultStoreConfig.builder().build();
    SoftAssertions softly = new SoftAssertions();
    check(softly, rows, ConfigKeys.NATS, NatsSourceConfig.builder().build());
    check(softly, rows, ConfigKeys.CQL, CqlStoreConfig.builder().build());
    // the bucket has no default; every other setting keeps the builder's
    check(softly, rows, ConfigKeys.OBJECT_STORE, S3BodyStoreConfig.builder().bucket("any").build());
    check(softly, rows, ConfigKeys.RUNNER, defaults);
    softly.assertAll();
  }

  private static <C> void check(
      SoftAssertions softly,
      Map<String, String> rows,
      List<? extends ConfigBinding<?, C>> bindings,
      C defaults) {
    for (ConfigBinding<?, C> binding : bindings) {
      if (!binding.statesDefault()) {
        continue;
      }
      String row = rowFor(rows, binding);
      if (row == null) {
        continue;
      }
      String cell = row.split("\\|")[2].trim();
      Object value = binding.valueIn(defaults);
      if (value == null) {
        softly.assertThat(cell).as("%s has no default", binding.key()).doesNotStartWith("`");
        continue;
      }
      Matcher code = FIRST_CODE.matcher(cell);
      softly
          .assertThat(code.lookingAt())
          .as("%s: a default in backticks: %s", binding.key(), cell)
          .isTrue();
      if (code.lookingAt()) {
        softly
            .assertThat(sameValue(code.group(1), value))
            .as("%s: the table says %s, the builder %s", binding.key(), code.group(1), value)
            .isTrue();
      }
    }
  }

  private static boolean sameValue(String documented, Object value) {
    if (value instanceof Duration duration) {
      return GoDuration.parse(documented).equals(duration);
    }
    if (value instanceof List<?> list) {
      String inner =
          documented.startsWith("[") && documented.endsWith("]")
              ? documented.substring(1, documented.length() - 1)
              : documented;
      List<String> items = Arrays.stream(inner.split(",")).map(String::trim).toList();
      List<String> expected = new ArrayList<>();
      for (Object item : list) {
        expected.add(item instanceof Duration d ? GoDuration.format(d) : String.valueOf(item));
      }
      if (!list.isEmpty() && list.get(0) instanceof Duration) {
        return items.stream().map(GoDuration::parse).toList().equals(list);
      }
      return items.equals(expected);
    }
    return documented.equals(String.valueOf(value));
  }

  private static String rowFor(Map<String, String> rows, ConfigBinding<?, ?> binding) {
    String key = binding.key();
    if (key.endsWith(".tls.enabled")) {
      return rows.get(key.substring(0, key.length() - "enabled".length()) + "*");
    }
    return rows.get(key);
  }

  /** The rows of the tables under "## Keys", by the first key in their first cell. */
  private static Map<String, String> rows() throws IOException {
    String text = Files.readString(DOCS, StandardCharsets.UTF_8);
    int start = text.indexOf("\n## Keys");
    int end = text.indexOf("\n## ", start + 1);
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : text.substring(start, end).split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      Matcher code = FIRST_CODE.matcher(line.split("\\|")[1]);
      if (code.find()) {
        rows.put(code.group(1), line);
      }
    }
    assertThat(rows).as("key rows in %s", DOCS).hasSizeGreaterThan(40);
    return rows;
  }

  private static List<ConfigBinding<?, ?>> bindings() {
    List<ConfigBinding<?, ?>> all = new ArrayList<>();
    all.addAll(ConfigKeys.NATS);
    all.addAll(ConfigKeys.CQL);
    all.addAll(ConfigKeys.OBJECT_STORE);
    all.addAll(ConfigKeys.RUNNER);
    return all;
  }
}
