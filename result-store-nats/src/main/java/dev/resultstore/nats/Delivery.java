package dev.resultstore.nats;

import dev.resultstore.core.InvocationResult;
import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
  private final long size;
  private final long pendingCount;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final AtomicInteger failedWhileStoreAnswered = new AtomicInteger();
  private volatile long lastTouchedNanos;
  private volatile InvocationResult result;

  private Delivery(Message message, NatsJetStreamMetaData meta) {
    this.message = message;
    this.stream = meta.getStream();
    this.consumer = meta.getConsumer();
    this.streamSequence = meta.streamSequence();
    this.consumerSequence = meta.consumerSequence();
    this.deliveryCount = meta.deliveredCount();
    this.pendingCount = meta.pendingCount();
    this.size = sizeOf(message);
    this.lastTouchedNanos = System.nanoTime();
  }

  /** Wraps a JetStream message; reads its metadata once. */
  static Delivery of(Message message) {
    return new Delivery(message, message.metaData());
  }

  /**
   * The bytes this message counts for in the byte budget: its payload, headers, subject and reply
   * subject, as the server counts it against a pull's {@code max_bytes}.
   */
  static long sizeOf(Message message) {
    byte[] data = message.getData();
    long size = data == null ? 0 : data.length;
    if (message.getHeaders() != null) {
      size += message.getHeaders().serializedLength();
    }
    size += length(message.getSubject()) + length(message.getReplyTo());
    return size;
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
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

  /** The consumer's messages not yet delivered, as this delivery reported it. */
  long pendingCount() {
    return pendingCount;
  }

  /** See {@link #sizeOf(Message)}. */
  long size() {
    return size;
  }

  /**
   * Whether this is the consumer's last delivery of the message: the server delivers it no more
   * after a nak or a missed ack deadline, so it must be stored or dead-lettered, never given back.
   *
   * @param serverMaxDeliver the consumer's max deliver; 0 or less for unlimited
   */
  boolean isLastServerDelivery(long serverMaxDeliver) {
    return serverMaxDeliver > 0 && deliveryCount >= serverMaxDeliver;
  }

  /**
   * Counts a transient write failure of this message after the store answered a probe.
   *
   * @return how many such failures this delivery has had
   */
  int failedWhileStoreAnswered() {
    return failedWhileStoreAnswered.incrementAndGet();
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
