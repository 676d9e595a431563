package dev.resultstore.core;

/**
 * A builder refused a setting: names the setting (as the builder calls it), the value it was given
 * and what it expects, so a configuration file loader can report the refusal under its own key.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String value;
  private final String expected;

  /**
   * @param message the whole message, as the builder words it
   * @param setting the builder's name of the setting, e.g. {@code maxDeliver}
   * @param value the refused value as text; {@code null} when it is unset or secret
   * @param expected what the setting accepts, e.g. {@code at least 1}
   */
  public InvalidSettingException(String message, String setting, String value, String expected) {
    super(message);
    this.setting = setting;
    this.value = value;
    this.expected = expected;
  }

  /** The builder's name of the setting. */
  public String setting() {
    return setting;
  }

  /** The refused value as text; {@code null} when it was unset or is secret. */
  public String value() {
    return value;
  }

  /** What the setting accepts. */
  public String expected() {
    return expected;
  }
}
