package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.resultstore.core.InvalidSettingException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks behind {@link CqlStoreConfig}: each failure is an {@link IllegalArgumentException}
 * naming the key, the value and what is expected.
 */
final class ConfigChecks {
  /** A CQL name that needs no quotes: a letter, then letters, digits or '_', 48 at most. */
  static final Pattern CQL_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

  static final String CQL_NAME_EXPECTED =
      "a CQL name: a letter, then letters, digits or '_', 48 characters at most";

  /** The longest TTL a CQL server accepts: 20 years in seconds. */
  static final long MAX_TTL_SECONDS = 630_720_000L;

  private static final int DEFAULT_PORT = 9042;

  private ConfigChecks() {}

  static IllegalArgumentException invalid(String key, Object value, String expected) {
    String shown = value instanceof String ? '"' + (String) value + '"' : String.valueOf(value);
    return new InvalidSettingException(
        "invalid CQL store configuration: " + key + " is " + shown + ", expected " + expected,
        key,
        value == null ? null : String.valueOf(value),
        expected);
  }

  static String cqlName(String key, String value) {
    if (value == null || !CQL_NAME.matcher(value).matches()) {
      throw invalid(key, value, CQL_NAME_EXPECTED);
    }
    return value;
  }

  static int range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(key, value, "from " + min + " to " + max);
    }
    return value;
  }

  static Duration positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(key, value, "a positive duration");
    }
    return value;
  }

  static Duration retention(String key, Duration value) {
    if (value == null
        || value.isNegative()
        || value.compareTo(Duration.ofSeconds(MAX_TTL_SECONDS)) > 0) {
      throw invalid(
          key,
          value,
          "zero (keep forever) or a positive duration of at most 630720000s (20 years, the"
              + " longest TTL a CQL server accepts)");
    }
    return value;
  }

  static Duration between(String key, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(key, value, "a duration from " + min + " to " + max);
    }
    return value;
  }

  /** Parses a consistency level name such as {@code LOCAL_QUORUM}, case-insensitive. */
  static DefaultConsistencyLevel consistency(String key, String value, boolean forReads) {
    if (value != null) {
      for (DefaultConsistencyLevel level : DefaultConsistencyLevel.values()) {
        if (level.name().equalsIgnoreCase(value.trim()) && allowed(level, forReads)) {
          return level;
        }
      }
    }
    throw invalid(key, value, consistencyExpected(forReads));
  }

  static DefaultConsistencyLevel consistency(
      String key, DefaultConsistencyLevel value, boolean forReads) {
    if (value == null || !allowed(value, forReads)) {
      throw invalid(key, value, consistencyExpected(forReads));
    }
    return value;
  }

  /** Serial levels are for lightweight transactions only; no read can be made at {@code ANY}. */
  private static boolean allowed(DefaultConsistencyLevel level, boolean forReads) {
    return !level.isSerial() && !(forReads && level == DefaultConsistencyLevel.ANY);
  }

  private static String consistencyExpected(boolean forReads) {
    return (forReads ? "" : "ANY, ")
        + "ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM or EACH_QUORUM";
  }

  /**
   * Parses {@code host:port}, {@code host} (port 9042), {@code [v6]:port} or {@code [v6]}. The
   * address is left unresolved: the driver resolves it when it connects.
   */
  static InetSocketAddress contactPoint(String value) {
    String expected = "host:port entries such as 127.0.0.1:9042";
    if (value == null || value.isBlank() || value.strip().length() != value.length()) {
      throw invalid("contactPoints", value, expected);
    }
    String host;
    String port;
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      if (end < 2) {
        throw invalid("contactPoints", value, expected);
      }
      host = value.substring(1, end);
      String rest = value.substring(end + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid("contactPoints", value, expected);
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = value.indexOf(':');
      if (colon != value.lastIndexOf(':')) {
        throw invalid("contactPoints", value, expected + " (an IPv6 address goes in brackets)");
      }
      host = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
    }
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      throw invalid("contactPoints", value, expected);
    }
    int number = DEFAULT_PORT;
    if (port != null) {
      if (!port.matches("\\d{1,5}")) {
        throw invalid("contactPoints", value, expected);
      }
      number = Integer.parseInt(port);
      if (number < 1 || number > 65_535) {
        throw invalid("contactPoints", value, expected + " (port from 1 to 65535)");
      }
    }
    return InetSocketAddress.createUnresolved(host, number);
  }

  static List<String> contactPoints(List<String> values) {
    if (values == null || values.isEmpty()) {
      throw invalid("contactPoints", values, "at least one host:port such as 127.0.0.1:9042");
    }
    for (String value : values) {
      contactPoint(value);
    }
    return List.copyOf(values);
  }
}
