package dev.resultstore.nats;

import dev.resultstore.core.InvocationResult;
import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One message the source holds from its fetch until it is settled: acknowledged, terminated after
 * its dead letter was published, or nak'ed. Settled exactly once (see {@link InFlight#settle}).
 */
final class Delivery {
  private final Message message;
  private final String stream;
  private final String consumer;
  private final long streamSequence;
  private final long consumerSequence;
  private final long deliveryCount;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile long lastTouchedNanos;
  private volatile InvocationResult result;

  private Delivery(Message message, NatsJetStreamMetaData meta) {
    this.message = message;
    this.stream = meta.getStream();
    this.consumer = meta.getConsumer();
    this.streamSequence = meta.streamSequence();
    this.consumerSequence = meta.consumerSequence();
    this.deliveryCount = meta.deliveredCount();
    this.lastTouchedNanos = System.nanoTime();
  }

  /** Wraps a JetStream message; reads its metadata once. */
  static Delivery of(Message message) {
    return new Delivery(message, message.metaData());
  }

  Message message() {
    return message;
  }

  byte[] data() {
    byte[] data = message.getData();
    return data == null ? new byte[0] : data;
  }

  String subject() {
    return message.getSubject();
  }

  String stream() {
    return stream;
  }

  String consumer() {
    return consumer;
  }

  long streamSequence() {
    return streamSequence;
  }

  long consumerSequence() {
    return consumerSequence;
  }

  long deliveryCount() {
    return deliveryCount;
  }

  /** Delivered before: a duplicate once stored again. */
  boolean redelivered() {
    return deliveryCount > 1;
  }

  /** The decoded result, or {@code null} before decoding succeeded. */
  InvocationResult result() {
    return result;
  }

  void result(InvocationResult value) {
    result = value;
  }

  boolean isSettled() {
    return settled.get();
  }

  /** Claims the right to settle; {@code true} for the one caller that got it. */
  boolean claimSettlement() {
    return settled.compareAndSet(false, true);
  }

  long lastTouchedNanos() {
    return lastTouchedNanos;
  }

  void touched(long nanos) {
    lastTouchedNanos = nanos;
  }

  /** For logs: subject, stream sequence and delivery count. */
  String describe() {
    return message.getSubject()
        + " (stream sequence "
        + streamSequence
        + ", delivery "
        + deliveryCount
        + ")";
  }
}
