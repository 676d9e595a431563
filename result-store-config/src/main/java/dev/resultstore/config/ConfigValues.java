package dev.resultstore.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the text of a key becomes the type its builder setter takes, with Go's meaning of zero
 * values: readers named {@code ...OrUnset} treat {@code 0} as "not set", as the Go process does for
 * that key. Ranges and every other rule belong to the builders, not here.
 */
final class ConfigValues {
  /** Go's YAML library (yaml.v3) reads these as {@code true} for a bool field (YAML 1.1). */
  private static final Set<String> TRUE =
      Set.of("true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON");

  /** ... and these as {@code false}. */
  private static final Set<String> FALSE =
      Set.of("false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF");

  static final String DURATION = "a Go duration such as 500ms, 30s, 1h30m or 72h";

  /** Reads one set value; empty when the value means "not set". */
  @FunctionalInterface
  interface Reader<T> {
    Optional<T> read(ConfigSource.Value value);
  }

  private ConfigValues() {}

  static Reader<String> text() {
    return value -> Optional.of(value.scalar("a single value"));
  }

  static Reader<Integer> wholeNumber() {
    return value -> Optional.of(parseInt(value));
  }

  /** A whole number of bytes, up to {@code Long.MAX_VALUE}. */
  static Reader<Long> byteCount() {
    return value -> {
      String text = value.scalar("a whole number of bytes");
      try {
        return Optional.of(Long.parseLong(text.replace("_", "")));
      } catch (NumberFormatException e) {
        throw value.invalid("a whole number of bytes");
      }
    };
  }

  /** A count where Go's zero value, {@code 0}, means "not set" (the default applies). */
  static Reader<Integer> countOrUnset() {
    return value -> {
      int number = parseInt(value);
      return number == 0 ? Optional.empty() : Optional.of(number);
    };
  }

  /** A boolean as Go's YAML library reads one: YAML 1.1's yes/no/on/off/y/n too. */
  static Reader<Boolean> bool() {
    return value -> {
      String text = value.scalar("true or false");
      if (TRUE.contains(text)) {
        return Optional.of(true);
      }
      if (FALSE.contains(text)) {
        return Optional.of(false);
      }
      throw value.invalid("true or false (or yes/no, on/off)");
    };
  }

  static Reader<Duration> duration() {
    return value -> Optional.of(parseDuration(value, value.scalar(DURATION)));
  }

  /** A duration where Go's zero value ({@code 0}, {@code 0s}) means "not set". */
  static Reader<Duration> durationOrUnset() {
    return value -> {
      Duration duration = parseDuration(value, value.scalar(DURATION));
      return duration.isZero() ? Optional.empty() : Optional.of(duration);
    };
  }

  /** A YAML sequence or comma-separated list of durations; empty means "not set". */
  static Reader<List<Duration>> durations() {
    return value -> {
      List<Duration> result = new ArrayList<>();
      for (String item : value.items(DURATION + " each")) {
        result.add(parseDuration(value, item));
      }
      return result.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(result));
    };
  }

  /**
   * A YAML sequence or comma-separated list of texts, blank entries and repeats left out (as Go
   * does for {@code scylla.hosts}); empty means "not set".
   */
  static Reader<List<String>> texts() {
    return value -> {
      Set<String> items = new LinkedHashSet<>(value.items("a list of texts"));
      return items.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(items));
    };
  }

  /** The path of a file that must be readable now. */
  static Reader<Path> readableFile() {
    return value -> {
      Path path = Path.of(value.scalar("a file path"));
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw value.invalid("a readable file");
      }
      return Optional.of(path);
    };
  }

  private static int parseInt(ConfigSource.Value value) {
    String text = value.scalar("a whole number");
    try {
      return Integer.parseInt(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw value.invalid("a whole number");
    }
  }

  private static Duration parseDuration(ConfigSource.Value value, String text) {
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw value.invalid(DURATION);
    }
  }
}
