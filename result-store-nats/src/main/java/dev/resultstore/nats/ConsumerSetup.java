package dev.resultstore.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the durable pull consumer exists with our settings: creates it when missing, and on an
 * existing one updates only the settings we own (filter subject, ack wait, max ack pending),
 * logging each change. Every other setting of an existing consumer is kept.
 *
 * <p>A consumer we create never gives up on a message by itself: unlimited max deliver and no
 * server back-off. The source applies {@code maxDeliver} and {@code backoff} to processing failures
 * only ({@link RetryBudget}, nak with delay), so restarts, drains and missed ack deadlines cost no
 * retries. An existing consumer's max deliver and back-off are left as they are, since another
 * component (the Go one) may share the consumer and rely on them; the source then dead-letters a
 * message on its last delivery rather than giving it back (see {@link Pipeline}).
 */
final class ConsumerSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerSetup.class);

  /** JetStream's "consumer not found". */
  static final int CONSUMER_NOT_FOUND = 10014;

  private ConsumerSetup() {}

  /** Max deliver of a consumer we create: unlimited. */
  static final long UNLIMITED = -1;

  /** The configuration of the consumer we create. */
  static ConsumerConfiguration desired(NatsSourceConfig config) {
    return ConsumerConfiguration.builder()
        .filterSubject(Subjects.resultFilter(config.subjectPrefix()))
        .ackWait(config.ackWait())
        .maxAckPending(config.maxAckPending())
        .maxDeliver(UNLIMITED)
        .durable(config.consumerName())
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .build();
  }

  private static ConsumerConfiguration.Builder owned(
      ConsumerConfiguration existing, NatsSourceConfig config) {
    ConsumerConfiguration.Builder builder =
        ConsumerConfiguration.builder(existing)
            .filterSubject(Subjects.resultFilter(config.subjectPrefix()))
            .maxAckPending(config.maxAckPending());
    if (!hasBackoff(existing)) {
      builder.ackWait(config.ackWait());
    }
    return builder;
  }

  private static boolean hasBackoff(ConsumerConfiguration consumer) {
    return consumer.getBackoff() != null && !consumer.getBackoff().isEmpty();
  }

  /** The consumer's max deliver; 0 or less when unlimited. */
  static long serverMaxDeliver(ConsumerConfiguration consumer) {
    return consumer.getMaxDeliver();
  }

  /**
   * Creates or updates the consumer.
   *
   * @throws NatsSourceException (permanent) when the existing consumer cannot be made ours (a push
   *     consumer, another ack policy, an update the server refuses)
   */
  static ConsumerInfo ensure(JetStreamManagement management, NatsSourceConfig config)
      throws IOException, JetStreamApiException {
    String stream = config.streamName();
    String name = config.consumerName();
    ConsumerInfo info;
    try {
      info = management.getConsumerInfo(stream, name);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
        throw e;
      }
      ConsumerConfiguration desired = desired(config);
      info = management.addOrUpdateConsumer(stream, desired);
      LOG.info(
          "Created durable pull consumer {} on stream {} (filter {}, explicit ack, ack wait {},"
              + " unlimited deliveries, max ack pending {}); processing failures are retried"
              + " {} times at most, after {}",
          name,
          stream,
          desired.getFilterSubject(),
          config.ackWait(),
          config.maxAckPending(),
          config.maxDeliver(),
          config.backoff());
      return info;
    }
    ConsumerConfiguration existing = info.getConsumerConfiguration();
    if (existing.getDeliverSubject() != null) {
      throw unusable(
          config, "is a push consumer (deliver subject " + existing.getDeliverSubject() + ")");
    }
    if (existing.getAckPolicy() != AckPolicy.Explicit) {
      throw unusable(config, "has ack policy " + existing.getAckPolicy() + ", not explicit");
    }
    if (existing.getMaxDeliver() > 0) {
      LOG.warn(
          "Consumer {} on stream {} has max deliver {}: the server gives a message up after that"
              + " many deliveries, restarts and missed ack deadlines included. A message on its"
              + " last delivery that cannot be stored is dead-lettered (retry_exhausted) rather"
              + " than given back. Unless a Go component shares the consumer, set its max deliver"
              + " to -1 (or delete it: it is created again with unlimited deliveries).",
          name,
          stream,
          existing.getMaxDeliver());
    }
    List<String> changes = changes(existing, config);
    if (changes.isEmpty()) {
      LOG.debug("Consumer {} on stream {} already has our settings", name, stream);
      return info;
    }
    try {
      info = management.updateConsumer(stream, owned(existing, config).build());
    } catch (JetStreamApiException e) {
      throw new NatsSourceException(
          "The server refused to update consumer "
              + name
              + " on stream "
              + stream
              + " ("
              + String.join(", ", changes)
              + "): "
              + e.getMessage(),
          e,
          false);
    }
    LOG.info("Updated consumer {} on stream {}: {}", name, stream, String.join(", ", changes));
    return info;
  }

  /** The owned settings that differ, as {@code "name old -> new"}. */
  static List<String> changes(ConsumerConfiguration existing, NatsSourceConfig config) {
    List<String> changes = new ArrayList<>();
    String filter = Subjects.resultFilter(config.subjectPrefix());
    List<String> filters = existing.getFilterSubjects();
    if (filters == null || filters.size() != 1 || !filter.equals(filters.get(0))) {
      changes.add("filter subject " + filters + " -> " + filter);
    }
    // With a back-off list the server uses (and reports) its first entry as the ack wait: the
    // ack wait of such a consumer is left alone with its back-off.
    if (!hasBackoff(existing) && !Objects.equals(existing.getAckWait(), config.ackWait())) {
      changes.add("ack wait " + existing.getAckWait() + " -> " + config.ackWait());
    }
    if (existing.getMaxAckPending() != config.maxAckPending()) {
      changes.add(
          "max ack pending " + existing.getMaxAckPending() + " -> " + config.maxAckPending());
    }
    return changes;
  }

  /**
   * The shortest time the server may wait for an ack or a progress mark before it redelivers a
   * message: the ack wait, or the shortest back-off entry when that is shorter.
   */
  static Duration shortestAckDeadline(ConsumerConfiguration consumer) {
    Duration shortest = consumer.getAckWait();
    if (consumer.getBackoff() != null) {
      for (Duration delay : consumer.getBackoff()) {
        if (shortest == null || delay.compareTo(shortest) < 0) {
          shortest = delay;
        }
      }
    }
    return shortest == null ? Duration.ofSeconds(30) : shortest;
  }

  private static NatsSourceException unusable(NatsSourceConfig config, String problem) {
    return new NatsSourceException(
        "Consumer "
            + config.consumerName()
            + " on stream "
            + config.streamName()
            + " "
            + problem
            + "; it cannot be changed in place. Delete it (a new one is created with our settings)"
            + " or configure another consumer name.",
        null,
        false);
  }
}
