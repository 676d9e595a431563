package dev.resultstore.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import java.io.IOException;
import java.time.Duration;

/** A {@link PullSubscription} on jnats' {@link JetStreamSubscription}. */
final class JetStreamPull implements PullSubscription {
  private final JetStreamSubscription subscription;

  JetStreamPull(JetStreamSubscription subscription) {
    this.subscription = subscription;
  }

  @Override
  public void pull(int messages, long maxBytes, Duration expiresIn) {
    subscription.pull(
        PullRequestOptions.builder(messages).maxBytes(maxBytes).expiresIn(expiresIn).build());
  }

  @Override
  public Message next(Duration wait) throws InterruptedException {
    return subscription.nextMessage(wait);
  }

  @Override
  public long consumerPending() throws IOException, JetStreamApiException {
    return subscription.getConsumerInfo().getNumPending();
  }

  @Override
  public void close() {
    subscription.unsubscribe();
  }
}
