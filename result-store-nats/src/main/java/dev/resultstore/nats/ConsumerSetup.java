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
 * existing one updates only the settings we own (filter subject, ack wait, max deliver, back-off,
 * max ack pending), logging each change. Every other setting of an existing consumer is kept.
 */
final class ConsumerSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerSetup.class);

  /** JetStream's "consumer not found". */
  static final int CONSUMER_NOT_FOUND = 10014;

  private ConsumerSetup() {}

  /** The configuration of the consumer we create. */
  static ConsumerConfiguration desired(NatsSourceConfig config) {
    return owned(ConsumerConfiguration.builder(), config)
        .durable(config.consumerName())
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .build();
  }

  private static ConsumerConfiguration.Builder owned(
      ConsumerConfiguration.Builder builder, NatsSourceConfig config) {
    return builder
        .filterSubject(Subjects.resultFilter(config.subjectPrefix()))
        .ackWait(config.ackWait())
        .maxDeliver(config.maxDeliver())
        .backoff(config.backoff().isEmpty() ? null : config.backoff().toArray(new Duration[0]))
        .maxAckPending(config.maxAckPending());
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
              + " max deliver {}, back-off {}, max ack pending {})",
          name,
          stream,
          desired.getFilterSubject(),
          config.ackWait(),
          config.maxDeliver(),
          config.backoff(),
          config.maxAckPending());
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
    List<String> changes = changes(existing, config);
    if (changes.isEmpty()) {
      LOG.debug("Consumer {} on stream {} already has our settings", name, stream);
      return info;
    }
    try {
      info =
          management.updateConsumer(
              stream, owned(ConsumerConfiguration.builder(existing), config).build());
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
    // With a back-off list the server reports (and uses) its first entry as the ack wait.
    Duration reportedAckWait =
        config.backoff().isEmpty() ? config.ackWait() : config.backoff().get(0);
    if (!Objects.equals(existing.getAckWait(), reportedAckWait)) {
      changes.add("ack wait " + existing.getAckWait() + " -> " + reportedAckWait);
    }
    if (existing.getMaxDeliver() != config.maxDeliver()) {
      changes.add("max deliver " + existing.getMaxDeliver() + " -> " + config.maxDeliver());
    }
    List<Duration> backoff = existing.getBackoff() == null ? List.of() : existing.getBackoff();
    if (!backoff.equals(config.backoff())) {
      changes.add("back-off " + backoff + " -> " + config.backoff());
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
