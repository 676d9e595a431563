package dev.resultstore.runner;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration values of one YAML file, overridden by environment variables, read by key path
 * ({@code scylla.maxInlineBodyBytes}) with typed getters that name the key, the value and what is
 * expected when a value is unusable.
 *
 * <p>Environment rule: the variable {@code RESULT_STORE_} followed by the key path in upper snake
 * case ({@code scylla.maxInlineBodyBytes} → {@code RESULT_STORE_SCYLLA_MAX_INLINE_BODY_BYTES})
 * replaces the file's value; lists are comma-separated. Not thread-safe: read once at startup.
 */
final class ConfigSource {
  /** The prefix of every environment variable that overrides a key. */
  static final String ENV_PREFIX = "RESULT_STORE_";

  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, JsonNode> values;
  private final Map<String, String> environment;
  private final Set<String> read = new TreeSet<>();

  private ConfigSource(Map<String, JsonNode> values, Map<String, String> environment) {
    this.values = values;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Reads the YAML file at {@code file}.
   *
   * @throws ConfigException when it cannot be read or is not a YAML mapping
   */
  static ConfigSource load(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the configuration file " + file + ": " + describe(e), e);
    }
    return parse(text, file.toString(), environment);
  }

  /** Parses YAML {@code text}; {@code origin} names it in error messages. */
  static ConfigSource parse(String text, String origin, Map<String, String> environment) {
    Map<String, JsonNode> flat = new LinkedHashMap<>();
    if (!text.isBlank()) {
      JsonNode root;
      try {
        root = YAML.readTree(text);
      } catch (JacksonException e) {
        throw new ConfigException(
            "the configuration file " + origin + " is not valid YAML: " + e.getOriginalMessage(),
            e);
      }
      if (root != null && !root.isMissingNode() && !root.isNull()) {
        if (!root.isObject()) {
          throw new ConfigException(
              "the configuration file " + origin + " must be a YAML mapping of keys to values");
        }
        flatten("", root, flat);
      }
    }
    return new ConfigSource(flat, environment);
  }

  /** The environment variable that overrides {@code key}. */
  static String envName(String key) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        if (i > 0 && key.charAt(i - 1) != '.') {
          name.append('_');
        }
        name.append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }

  /** The text of {@code key}, or {@code fallback} when it is not set. */
  String string(String key, String fallback) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    if (!value.node.isValueNode()) {
      throw value.invalid("a single value");
    }
    return value.node.asText();
  }

  /** A whole number from {@code min} to {@code max}. */
  long number(String key, long fallback, long min, long max) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    String expected =
        max == Long.MAX_VALUE
            ? "a whole number of at least " + min
            : "a whole number from " + min + " to " + max;
    long result;
    try {
      result = Long.parseLong(value.scalar(expected).trim());
    } catch (NumberFormatException e) {
      throw value.invalid(expected);
    }
    if (result < min || result > max) {
      throw value.invalid(expected);
    }
    return result;
  }

  /** {@link #number} for an {@code int}. */
  int integer(String key, int fallback, int min, int max) {
    return (int) number(key, fallback, min, max);
  }

  /** {@code true} or {@code false}. */
  boolean bool(String key, boolean fallback) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    String text = value.scalar("true or false").trim().toLowerCase(Locale.ROOT);
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw value.invalid("true or false");
  }

  /** A Go duration of at least {@code min}. */
  Duration duration(String key, Duration fallback, Duration min) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    return parseDuration(value, value.scalar(durationExpectation(min)).trim(), min);
  }

  /** A Go duration from {@code min} to {@code max}. */
  Duration duration(String key, Duration fallback, Duration min, Duration max) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    String expected =
        "a Go duration from " + GoDuration.format(min) + " to " + GoDuration.format(max);
    return parseDuration(value, value.scalar(expected).trim(), min, max, expected);
  }

  /** A list of Go durations, each at least {@code min}; a YAML sequence or comma-separated. */
  List<Duration> durations(String key, List<Duration> fallback, Duration min) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    List<Duration> result = new ArrayList<>();
    for (String item : value.items(durationExpectation(min) + " each")) {
      result.add(parseDuration(value, item, min));
    }
    return List.copyOf(result);
  }

  /** A non-empty list of texts; a YAML sequence or comma-separated. */
  List<String> strings(String key, List<String> fallback) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    List<String> items = value.items("a list of texts");
    if (items.isEmpty()) {
      throw value.invalid("a non-empty list");
    }
    return items;
  }

  /**
   * A mapping of names to whole numbers from {@code min} to {@code max}: a YAML mapping, or {@code
   * name:number} pairs separated by commas (the environment's form). Empty when not set.
   */
  Map<String, Integer> integers(String key, int min, int max) {
    String expected = "a mapping of names to whole numbers from " + min + " to " + max;
    Map<String, String> texts = new LinkedHashMap<>();
    String variable = envName(key);
    read.add(key);
    String fromEnv = environment.get(variable);
    if (fromEnv != null) {
      for (String pair : fromEnv.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int colon = pair.lastIndexOf(':');
        if (colon <= 0) {
          throw new Value(key, TextNode.valueOf(fromEnv), variable).invalid(expected);
        }
        texts.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
    } else {
      JsonNode whole = values.get(key);
      if (whole != null && !whole.isNull() && !(whole.isObject() && whole.isEmpty())) {
        throw new Value(key, whole, null).invalid(expected);
      }
      String nested = key + ".";
      values.forEach(
          (candidate, node) -> {
            if (candidate.startsWith(nested)) {
              read.add(candidate);
              if (!node.isValueNode() || node.isNull()) {
                throw new Value(candidate, node, null).invalid("a whole number");
              }
              texts.put(candidate.substring(nested.length()), node.asText());
            }
          });
    }
    Map<String, Integer> result = new LinkedHashMap<>();
    texts.forEach(
        (name, text) -> {
          try {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) {
              result.put(name, number);
              return;
            }
          } catch (NumberFormatException e) {
            // reported below
          }
          throw new Value(
                  key + "." + name, TextNode.valueOf(text), fromEnv == null ? null : variable)
              .invalid("a whole number from " + min + " to " + max);
        });
    return result;
  }

  /** One of {@code allowed}, compared without regard to case; returns the allowed spelling. */
  String oneOf(String key, String fallback, List<String> allowed) {
    Value value = lookup(key);
    if (value == null) {
      return fallback;
    }
    String expected = "one of " + String.join(", ", allowed);
    String text = value.scalar(expected).trim();
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(text)) {
        return candidate;
      }
    }
    throw value.invalid(expected);
  }

  /**
   * A credential given either inline under {@code key} or as a file under {@code key + "File"}
   * (read whole, one trailing newline removed); {@code null} when neither is set.
   *
   * @throws ConfigException when both are set or the file cannot be read (naming the key, never the
   *     secret)
   */
  Secret secret(String key) {
    String fileKey = key + "File";
    Value inline = lookup(key);
    Value file = lookup(fileKey);
    if (inline != null && file != null) {
      throw new ConfigException(
          "invalid configuration: both "
              + key
              + inline.where()
              + " and "
              + fileKey
              + file.where()
              + " are set; set only one of them");
    }
    if (file != null) {
      Path path = Path.of(file.scalar("a file path").trim());
      try {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
          text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
          text = text.substring(0, text.length() - 1);
        }
        return Secret.ofNullable(text);
      } catch (IOException e) {
        throw file.invalid("a readable file (" + describe(e) + ")");
      }
    }
    if (inline == null) {
      return null;
    }
    if (!inline.node.isValueNode()) {
      throw new ConfigException(
          "invalid configuration: key " + key + inline.where() + ": expected a single value");
    }
    return Secret.ofNullable(inline.node.asText());
  }

  /** A path that must name a readable file; {@code null} when not set. */
  Path readableFile(String key) {
    Value value = lookup(key);
    if (value == null) {
      return null;
    }
    Path path = Path.of(value.scalar("a file path").trim());
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw value.invalid("a readable file");
    }
    return path;
  }

  /** The file's keys that no getter has asked for so far, in order. */
  List<String> unreadKeys() {
    List<String> unread = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        unread.add(key);
      }
    }
    return unread;
  }

  private Value lookup(String key) {
    read.add(key);
    String variable = envName(key);
    String fromEnv = environment.get(variable);
    if (fromEnv != null) {
      return new Value(key, TextNode.valueOf(fromEnv), variable);
    }
    JsonNode node = values.get(key);
    if (node == null) {
      String nested = key + ".";
      if (values.keySet().stream().anyMatch(candidate -> candidate.startsWith(nested))) {
        throw new ConfigException(
            "invalid configuration: key " + key + " holds a mapping, expected a value or a list");
      }
      return null;
    }
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    return new Value(key, node, null);
  }

  private static Duration parseDuration(Value value, String text, Duration min) {
    return parseDuration(value, text, min, null, durationExpectation(min));
  }

  /**
   * {@code text} as a Go duration from {@code min} to {@code max} ({@code null}: no upper bound).
   */
  private static Duration parseDuration(
      Value value, String text, Duration min, Duration max, String expected) {
    Duration duration;
    try {
      duration = GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw value.invalid(expected);
    }
    if (duration.compareTo(min) < 0 || (max != null && duration.compareTo(max) > 0)) {
      throw value.invalid(expected);
    }
    return duration;
  }

  private static String durationExpectation(Duration min) {
    String range = min.isZero() ? "" : " of at least " + GoDuration.format(min);
    return "a Go duration such as 500ms, 30s, 1h30m or 72h" + range;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> into) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        if (field.getValue().isObject() && !field.getValue().isEmpty()) {
          flatten(key, field.getValue(), into);
        } else {
          into.put(key, field.getValue());
        }
      }
    } else {
      into.put(prefix, node);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }

  /** A looked-up value and where it came from (an environment variable or the file). */
  private static final class Value {
    final String key;
    final JsonNode node;
    final String variable;

    Value(String key, JsonNode node, String variable) {
      this.key = key;
      this.node = node;
      this.variable = variable;
    }

    String where() {
      return variable == null ? "" : " (from " + variable + ")";
    }

    String scalar(String expected) {
      if (!node.isValueNode()) {
        throw invalid(expected);
      }
      return node.asText();
    }

    List<String> items(String expected) {
      List<String> items = new ArrayList<>();
      if (node.isArray()) {
        for (JsonNode item : node) {
          if (!item.isValueNode() || item.isNull()) {
            throw invalid(expected);
          }
          items.add(item.asText().trim());
        }
      } else if (node.isValueNode()) {
        for (String item : node.asText().split(",")) {
          if (!item.isBlank()) {
            items.add(item.trim());
          }
        }
      } else {
        throw invalid(expected);
      }
      return List.copyOf(items);
    }

    ConfigException invalid(String expected) {
      String shown =
          node.isValueNode() ? '"' + node.asText() + '"' : node.isArray() ? "a list" : "a mapping";
      return new ConfigException(
          "invalid configuration: key "
              + key
              + " has the value "
              + shown
              + where()
              + ", expected "
              + expected);
    }
  }
}
