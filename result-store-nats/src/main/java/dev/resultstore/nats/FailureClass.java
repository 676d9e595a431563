package dev.resultstore.nats;

/** The failure classes a dead letter of a result carries, with the contract's wire names. */
enum FailureClass {
  /** Not decodable, not a valid event, or refused by the store for good. */
  MALFORMED_MESSAGE("malformed_message"),

  /** Failures we could not classify, on every one of {@code maxDeliver} deliveries. */
  RETRY_EXHAUSTED("retry_exhausted");

  private final String wireName;

  FailureClass(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The class as the dead letter's {@code failureClass} field writes it, e.g. {@code
   * malformed_message}.
   */
  String wireName() {
    return wireName;
  }
}
