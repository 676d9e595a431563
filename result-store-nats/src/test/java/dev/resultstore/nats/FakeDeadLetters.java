package dev.resultstore.nats;

import io.nats.client.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Dead letters for unit tests: recorded, then the original terminated as the real ones do. */
final class FakeDeadLetters implements DeadLettering {
  /** {@code "<failureClass>: <error>"} per letter. */
  final List<String> letters = new CopyOnWriteArrayList<>();

  private final InFlight inFlight;

  FakeDeadLetters(InFlight inFlight) {
    this.inFlight = inFlight;
  }

  @Override
  public void deadLetter(Delivery delivery, FailureClass failureClass, String error) {
    letters.add(failureClass.wireName() + ": " + error);
    inFlight.settle(delivery, Message::term);
  }
}
