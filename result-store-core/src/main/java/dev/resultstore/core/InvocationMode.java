package dev.resultstore.core;

import java.util.Locale;

/** How an invocation was requested: the wire values are {@code sync} and {@code async}. */
public enum InvocationMode {
  SYNC,
  ASYNC;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The value on the wire and in storage, e.g. {@code "sync"}. */
  public String wireValue() {
    return wire;
  }

  /**
   * Parses a wire value.
   *
   * @throws IllegalArgumentException when the value is not {@code sync} or {@code async}
   */
  public static InvocationMode fromWire(String value) {
    for (InvocationMode mode : values()) {
      if (mode.wireValue().equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("expected \"sync\" or \"async\" but was " + quote(value));
  }

  static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }
}
