package dev.resultstore.nats;

import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JetStream message for unit tests: the metadata a server would put in its reply subject, and a
 * record of what was done with it ({@code ack}, {@code nak}, {@code nak PT2S}, {@code term}, {@code
 * progress}) instead of talking to a server.
 */
final class FakeMessage extends NatsMessage {
  final List<String> actions = new CopyOnWriteArrayList<>();

  FakeMessage(String subject, byte[] data, long deliveryCount, long streamSequence) {
    super(
        subject,
        "$JS.ACK.STREAM.consumer."
            + deliveryCount
            + "."
            + streamSequence
            + "."
            + streamSequence
            + ".1700000000000000000.0",
        data);
  }

  @Override
  public boolean isJetStream() {
    return true;
  }

  @Override
  public NatsJetStreamMetaData metaData() {
    return new NatsJetStreamMetaData(this);
  }

  @Override
  public void ack() {
    actions.add("ack");
  }

  @Override
  public void nak() {
    actions.add("nak");
  }

  @Override
  public void nakWithDelay(Duration delay) {
    actions.add("nak " + delay);
  }

  @Override
  public void nakWithDelay(long millis) {
    nakWithDelay(Duration.ofMillis(millis));
  }

  @Override
  public void term() {
    actions.add("term");
  }

  @Override
  public void inProgress() {
    actions.add("progress");
  }

  /** Whether it was acked, nak'ed or terminated. */
  boolean settled() {
    return actions.stream().anyMatch(action -> !action.equals("progress"));
  }
}
