package dev.resultstore.nats;

/** The failure classes a dead letter of a result carries (the contract's values). */
final class FailureClass {
  /** Not decodable, not a valid event, or refused by the store for good. */
  static final String MALFORMED_MESSAGE = "malformed_message";

  /** Failures we could not classify, on every one of {@code maxDeliver} deliveries. */
  static final String RETRY_EXHAUSTED = "retry_exhausted";

  private FailureClass() {}
}
