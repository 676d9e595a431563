package dev.resultstore.config;

/**
 * The configuration cannot be used: a value is malformed or out of range, a file a key names cannot
 * be read, the YAML does not parse. The message names the key, the value (masked when secret) and
 * what is expected. The runner exits with status 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }

  ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The one format of an invalid value: {@code invalid configuration: key K has the value "V",
   * expected E}, without the value when {@code shownValue} is {@code null} (a secret, or a rule
   * about several keys).
   */
  static ConfigException invalid(String key, String shownValue, String expected) {
    return new ConfigException(
        "invalid configuration: key "
            + key
            + (shownValue == null ? ": expected " : " has the value " + shownValue + ", expected ")
            + expected);
  }
}
