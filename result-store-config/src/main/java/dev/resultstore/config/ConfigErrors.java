package dev.resultstore.config;

/** The one format of every configuration error: the key, the value (never a secret's), the rule. */
final class ConfigErrors {
  private ConfigErrors() {}

  /**
   * {@code invalid configuration: key K has the value "V", expected E}, or without the value when
   * {@code shownValue} is {@code null} (a secret, or a rule about several keys).
   */
  static ConfigException invalid(String key, String shownValue, String expected) {
    return new ConfigException(
        "invalid configuration: key "
            + key
            + (shownValue == null ? ": expected " : " has the value " + shownValue + ", expected ")
            + expected);
  }
}
