package dev.resultstore.runner;

import java.util.Objects;

/**
 * A credential read from the configuration: its text never appears in {@link #toString()}, so no
 * log line or error message can carry it.
 */
final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps {@code value}; {@code null} when {@code value} is {@code null}. */
  static Secret ofNullable(String value) {
    return value == null ? null : new Secret(value);
  }

  /** The secret text. Hand it to the client library only. */
  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value);
  }
}
