package dev.resultstore.core;

import java.util.Locale;

/** The lifecycle state of an invocation; the wire values are the lower-case names. */
public enum InvocationState {
  QUEUED,
  DISPATCHING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  EXPIRED,
  DEAD_LETTERED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The value on the wire and in storage, e.g. {@code "dead_lettered"}. */
  public String wireValue() {
    return wire;
  }

  /**
   * Parses a wire value.
   *
   * @throws IllegalArgumentException when the value is not one of the contract's states
   */
  public static InvocationState fromWire(String value) {
    for (InvocationState state : values()) {
      if (state.wireValue().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "expected one of queued, dispatching, running, succeeded, failed, expired, dead_lettered"
            + " but was "
            + InvocationMode.quote(value));
  }
}
