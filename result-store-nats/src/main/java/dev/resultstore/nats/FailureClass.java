package dev.resultstore.nats;

import java.util.Optional;

/** The failure classes a dead letter of a result carries, with the contract's wire names. */
public enum FailureClass {
  /** Not decodable, not a valid event, or refused by the store for good. */
  MALFORMED_MESSAGE("malformed_message"),

  /** Failures we could not classify, on every one of {@code maxDeliver} deliveries. */
  RETRY_EXHAUSTED("retry_exhausted");

  private final String wireName;

  FailureClass(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The class as the dead letter's {@code failureClass} field writes it: {@code malformed_message}.
   */
  public String wireName() {
    return wireName;
  }

  /** The class written {@code wireName}; empty for {@code null} or a name the contract lacks. */
  public static Optional<FailureClass> fromWireName(String wireName) {
    for (FailureClass candidate : values()) {
      if (candidate.wireName.equals(wireName)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The wire name, as logs and metrics show it. */
  @Override
  public String toString() {
    return wireName;
  }
}
