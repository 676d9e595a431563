package dev.resultstore.nats;

/** Where the pipeline sends what it cannot store: {@link DeadLetters} in a running source. */
interface DeadLettering {

  /**
   * Dead-letters {@code delivery} as {@code failureClass}, {@code error} saying why, and settles it
   * once the letter is published. Never throws and never blocks.
   */
  void deadLetter(Delivery delivery, FailureClass failureClass, String error);
}
