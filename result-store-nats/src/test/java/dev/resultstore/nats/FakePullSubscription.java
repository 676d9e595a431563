package dev.resultstore.nats;

import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pull subscription for unit tests: messages queued by the test arrive in order, a chosen failure
 * is thrown at a chosen point, and every pull request is recorded.
 */
final class FakePullSubscription implements PullSubscription {
  /** The pull requests: {@code [messages, maxBytes]}. */
  final List<long[]> pulls = new CopyOnWriteArrayList<>();

  private final ArrayDeque<Object> arriving = new ArrayDeque<>();

  /** Queues messages that arrive (waiting in the subscription until read). */
  synchronized FakePullSubscription arrive(Message... messages) {
    arriving.addAll(List.of(messages));
    return this;
  }

  /** Queues a failure: the read that reaches it throws it. */
  synchronized FakePullSubscription failWith(RuntimeException failure) {
    arriving.add(failure);
    return this;
  }

  @Override
  public void pull(int messages, long maxBytes, Duration expiresIn) {
    pulls.add(new long[] {messages, maxBytes});
  }

  @Override
  public synchronized Message next(Duration wait) {
    Object next = arriving.poll();
    if (next instanceof RuntimeException failure) {
      throw failure;
    }
    return (Message) next;
  }

  @Override
  public long consumerPending() {
    return 0;
  }

  @Override
  public void close() {}
}
