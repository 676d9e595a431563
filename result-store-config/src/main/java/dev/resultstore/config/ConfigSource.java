package dev.resultstore.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of one YAML file, overridden by environment variables, looked up by key path ({@code
 * scylla.maxInlineBodyBytes}). Applies Go's zero-value rule: a key written as an empty string, an
 * empty list or an empty mapping is not set, exactly as if it were missing. Not thread-safe: read
 * once at startup.
 *
 * <p>Environment rule: the variable {@code RESULT_STORE_} followed by the key path in upper snake
 * case ({@code scylla.maxInlineBodyBytes} → {@code RESULT_STORE_SCYLLA_MAX_INLINE_BODY_BYTES})
 * replaces the file's value; lists are comma-separated.
 */
final class ConfigSource {
  /** The prefix of every environment variable the runner reads, and only of those. */
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

  /**
   * The value of {@code key}, from its environment variable or else the file; empty when it is
   * missing, {@code null}, an empty string, an empty list or an empty mapping (Go's zero values).
   *
   * @throws ConfigException when {@code key} holds a mapping of other keys
   */
  Optional<Value> value(String key) {
    read.add(key);
    String variable = envName(key);
    String fromEnv = environment.get(variable);
    if (fromEnv != null) {
      return fromEnv.isBlank()
          ? Optional.empty()
          : Optional.of(new Value(key, TextNode.valueOf(fromEnv), variable));
    }
    JsonNode node = values.get(key);
    if (node == null) {
      String nested = key + ".";
      if (values.keySet().stream().anyMatch(candidate -> candidate.startsWith(nested))) {
        throw new ConfigException(
            "invalid configuration: key " + key + " holds a mapping, expected a value or a list");
      }
      return Optional.empty();
    }
    if (isZero(node)) {
      return Optional.empty();
    }
    return Optional.of(new Value(key, node, null));
  }

  /**
   * The entries under {@code key} as {@code name → text}: a YAML mapping in the file, or {@code
   * name:value} pairs separated by commas in its environment variable. Empty when not set.
   */
  Optional<Map<String, Value>> mapping(String key) {
    read.add(key);
    String variable = envName(key);
    String fromEnv = environment.get(variable);
    Map<String, Value> entries = new LinkedHashMap<>();
    if (fromEnv != null) {
      for (String pair : fromEnv.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int colon = pair.lastIndexOf(':');
        if (colon <= 0) {
          throw new Value(key, TextNode.valueOf(fromEnv), variable)
              .invalid("name:value pairs separated by commas, such as dc-east:3,dc-west:3");
        }
        String name = pair.substring(0, colon).trim();
        entries.put(
            name,
            new Value(
                key + "." + name, TextNode.valueOf(pair.substring(colon + 1).trim()), variable));
      }
    } else {
      JsonNode whole = values.get(key);
      if (whole != null && !isZero(whole)) {
        throw new Value(key, whole, null).invalid("a mapping of names to values");
      }
      String nested = key + ".";
      values.forEach(
          (candidate, node) -> {
            if (candidate.startsWith(nested)) {
              read.add(candidate);
              Value value = new Value(candidate, node, null);
              value.scalar("a single value");
              entries.put(candidate.substring(nested.length()), value);
            }
          });
    }
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries);
  }

  /** The file's keys that no lookup has asked for so far, in order. */
  List<String> unreadKeys() {
    List<String> unread = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        unread.add(key);
      }
    }
    return unread;
  }

  /**
   * The environment variables with the runner's prefix that name no key looked up so far (and are
   * not {@code also}): a misspelt override, or another tool's variable, that would otherwise be
   * silently ignored.
   */
  List<String> unknownVariables(Set<String> also) {
    Set<String> known = new TreeSet<>(also);
    read.forEach(key -> known.add(envName(key)));
    List<String> unknown = new ArrayList<>();
    for (String variable : new TreeSet<>(environment.keySet())) {
      if (variable.startsWith(ENV_PREFIX) && !known.contains(variable)) {
        unknown.add(variable);
      }
    }
    return unknown;
  }

  /** Go's zero value of a YAML node: null, an empty string, an empty list or mapping. */
  private static boolean isZero(JsonNode node) {
    return node.isNull()
        || node.isMissingNode()
        || (node.isTextual() && node.asText().isBlank())
        || (node.isContainerNode() && node.isEmpty());
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

  static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }

  /** A value that is set, and where it came from (an environment variable or the file). */
  static final class Value {
    private final String key;
    private final JsonNode node;
    private final String variable;

    Value(String key, JsonNode node, String variable) {
      this.key = key;
      this.node = node;
      this.variable = variable;
    }

    String key() {
      return key;
    }

    /** {@code " (from VARIABLE)"} when an environment variable set it, else empty. */
    String where() {
      return variable == null ? "" : " (from " + variable + ")";
    }

    boolean isScalar() {
      return node.isValueNode();
    }

    /** The text as written, not trimmed. */
    String rawText() {
      return node.asText();
    }

    /** The text of a single value. */
    String scalar(String expected) {
      if (!node.isValueNode()) {
        throw invalid(expected);
      }
      return node.asText().trim();
    }

    /** The items of a YAML sequence or a comma-separated text, blank items left out. */
    List<String> items(String expected) {
      List<String> items = new ArrayList<>();
      if (node.isArray()) {
        for (JsonNode item : node) {
          if (!item.isValueNode()) {
            throw invalid(expected);
          }
          if (!item.isNull() && !item.asText().isBlank()) {
            items.add(item.asText().trim());
          }
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

    /** How the value is shown in an error: its text, or what kind of node it is. */
    String shown() {
      return node.isValueNode()
          ? '"' + node.asText() + '"'
          : node.isArray() ? "a list" : "a mapping";
    }

    /** The configuration error for this value: its key, its text and what is expected. */
    ConfigException invalid(String expected) {
      return ConfigException.invalid(key, shown() + where(), expected);
    }

    /** Like {@link #invalid(String)}, never showing the value (for secrets). */
    ConfigException invalidSecret(String expected) {
      return ConfigException.invalid(key, null, expected + where());
    }
  }
}
