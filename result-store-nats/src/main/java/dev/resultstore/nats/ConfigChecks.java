package dev.resultstore.nats;

import dev.resultstore.core.InvalidSettingException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The checks of {@link NatsSourceConfig}; each failure names the setting, value and rule. */
final class ConfigChecks {
  private static final Set<String> SCHEMES = Set.of("nats", "tls", "opentls", "ws", "wss");

  /** The most deliveries of one message. */
  static final int MAX_DELIVER = 1_000;

  private ConfigChecks() {}

  static List<String> servers(List<String> servers) {
    if (servers == null || servers.isEmpty()) {
      throw invalid("servers", servers, "at least one NATS URL such as nats://127.0.0.1:4222");
    }
    List<String> copy = new ArrayList<>(servers.size());
    for (String server : servers) {
      if (!isServerUrl(server)) {
        throw invalid(
            "servers", Redaction.urls(server), "a NATS URL such as nats://127.0.0.1:4222");
      }
      if (server.trim().toLowerCase(Locale.ROOT).startsWith("opentls://")) {
        throw invalid(
            "servers",
            Redaction.urls(server),
            "no opentls:// URL: it trusts any certificate without a word. Use tls:// (the"
                + " certificate and host name are verified, with tls.caFile or the system's CAs),"
                + " or tls:// with tls.insecureSkipVerify: true to skip the checks on purpose");
      }
      copy.add(server.trim());
    }
    return List.copyOf(copy);
  }

  private static boolean isServerUrl(String server) {
    if (server == null
        || server.isBlank()
        || server.trim().chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    String trimmed = server.trim();
    try {
      URI uri = URI.create(trimmed.contains("://") ? trimmed : "nats://" + trimmed);
      return uri.getHost() != null
          && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getPort() <= 65535;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static void subjectPrefix(String prefix) {
    if (!Subjects.isValidLiteralSubject(prefix)) {
      throw invalid(
          "subjectPrefix",
          prefix,
          "one or more subject tokens separated by '.', without '*', '>', white space or empty"
              + " tokens, e.g. runtime.serverless");
    }
  }

  static void name(String key, String name) {
    if (!Subjects.isValidName(name)) {
      throw invalid(
          key,
          name,
          "a JetStream name of 1 to 255 characters without '.', '*', '>', '/', '\\' or white"
              + " space");
    }
  }

  static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      String rule =
          max == Integer.MAX_VALUE
              ? "at least " + min
              : "between " + min + " and " + max + " inclusive";
      throw invalid(key, value, rule);
    }
  }

  static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw invalid(key, value, "at least " + min);
    }
  }

  static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(key, value, "a positive duration");
    }
  }

  static void notNegative(String key, Duration value) {
    if (value == null || value.isNegative()) {
      throw invalid(key, value, "a duration of zero or more");
    }
  }

  static void between(String key, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(key, value, "a duration from " + min + " to " + max);
    }
  }

  static void notLonger(String key, Duration value, String otherKey, Duration other) {
    if (value.compareTo(other) > 0) {
      throw invalid(key, value, "at most " + otherKey + " (" + other + ")");
    }
  }

  static void notShorter(String key, Duration value, String otherKey, Duration other) {
    positive(key, value);
    if (value.compareTo(other) < 0) {
      throw invalid(key, value, "at least " + otherKey + " (" + other + ")");
    }
  }

  static List<Duration> backoff(List<Duration> backoff) {
    if (backoff == null) {
      throw invalid("backoff", null, "a list of positive durations (may be empty)");
    }
    for (Duration delay : backoff) {
      if (delay == null || delay.isNegative() || delay.isZero()) {
        throw invalid("backoff", backoff, "a list of positive durations (may be empty)");
      }
    }
    return List.copyOf(backoff);
  }

  static void maxDeliver(int maxDeliver, List<Duration> backoff) {
    range("maxDeliver", maxDeliver, 1, MAX_DELIVER);
    if (!backoff.isEmpty() && maxDeliver <= backoff.size()) {
      throw invalid(
          "maxDeliver",
          maxDeliver,
          "more than the number of backoff entries ("
              + backoff.size()
              + "), as the server requires");
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  static void auth(String token, String username, String password, Path credentialsFile) {
    if ((username == null) != (password == null)) {
      throw invalid(
          username == null ? "username" : "password",
          null,
          "set together with " + (username == null ? "password" : "username"));
    }
    int ways =
        (token == null ? 0 : 1) + (username == null ? 0 : 1) + (credentialsFile == null ? 0 : 1);
    if (ways > 1) {
      String expected = "at most one of token, username/password and credentialsFile";
      throw new InvalidSettingException(
          "Invalid authentication settings: expected " + expected + ", but " + ways + " are set",
          "auth",
          null,
          expected);
    }
  }

  private static IllegalArgumentException invalid(String key, Object value, String expected) {
    return new InvalidSettingException(
        "Invalid " + key + ": expected " + expected + " but was " + describe(value),
        key,
        value == null ? null : String.valueOf(value),
        expected);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    return value instanceof String ? '"' + (String) value + '"' : String.valueOf(value);
  }
}
