package dev.resultstore.runner;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.StreamContext;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the result dead letters ({@code <prefix>.dlq.result.*}) back from the stream with an
 * ordered consumer, which leaves no state on the server.
 */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final Duration WAIT = Duration.ofSeconds(2);

  private DeadLetters() {}

  /** The subject filter of the result dead letters under {@code prefix}. */
  static String filter(String prefix) {
    return prefix + ".dlq.result.*";
  }

  /**
   * The last {@code limit} dead letters that {@code accept} matches, oldest first.
   *
   * @throws IOException when the server cannot be reached
   * @throws JetStreamApiException when the stream does not exist
   */
  static List<DeadLetter> read(
      Connection connection, String stream, String prefix, int limit, Predicate<DeadLetter> accept)
      throws IOException, JetStreamApiException, InterruptedException {
    String filter = filter(prefix);
    StreamContext context = connection.getStreamContext(stream);
    StreamState state =
        context.getStreamInfo(StreamInfoOptions.filterSubjects(filter)).getStreamState();
    long total = state.getSubjects().stream().mapToLong(subject -> subject.getCount()).sum();
    if (total == 0) {
      return List.of();
    }
    Deque<DeadLetter> kept = new ArrayDeque<>();
    OrderedConsumerContext consumer =
        context.createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject(filter));
    IterableConsumer messages = consumer.iterate();
    try {
      long seen = 0;
      while (seen < total) {
        Message message = messages.nextMessage(WAIT);
        if (message == null) {
          break;
        }
        seen++;
        DeadLetter letter = parse(message);
        if (letter != null && accept.test(letter)) {
          kept.addLast(letter);
          if (kept.size() > limit) {
            kept.removeFirst();
          }
        }
        if (message.metaData().pendingCount() == 0) {
          break;
        }
      }
    } catch (JetStreamStatusCheckedException e) {
      throw new IOException("reading the dead letters failed: " + e.getMessage(), e);
    } finally {
      messages.stop();
    }
    return new ArrayList<>(kept);
  }

  private static DeadLetter parse(Message message) {
    try {
      return DeadLetter.parse(
          message.getSubject(), message.metaData().streamSequence(), message.getData());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Skipping the message at sequence {} on {}: {}",
          message.metaData().streamSequence(),
          message.getSubject(),
          e.getMessage());
      return null;
    }
  }
}
