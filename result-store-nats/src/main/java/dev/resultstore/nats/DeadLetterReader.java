package dev.resultstore.nats;

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
 * ordered consumer, which leaves no state on the server: for the tools that list and replay them.
 */
public final class DeadLetterReader {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReader.class);
  private static final Duration WAIT = Duration.ofSeconds(2);

  private DeadLetterReader() {}

  /**
   * The last {@code limit} dead letters that {@code accept} matches, oldest first.
   *
   * @throws NatsSourceException transient when the server did not answer, permanent when it refused
   *     (the stream does not exist, say)
   */
  public static List<Stored> read(
      Connection connection,
      String stream,
      String prefix,
      int limit,
      Predicate<DeadLetter> accept) {
    try {
      return readOrThrow(connection, stream, prefix, limit, accept);
    } catch (IOException e) {
      throw new NatsSourceException(
          "reading the dead letters of stream " + stream + " failed: " + Failures.describe(e),
          e,
          true);
    } catch (JetStreamApiException e) {
      throw new NatsSourceException(
          "reading the dead letters of stream " + stream + " failed: " + e.getMessage(), e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsSourceException("interrupted while reading the dead letters", e, true);
    }
  }

  private static List<Stored> readOrThrow(
      Connection connection, String stream, String prefix, int limit, Predicate<DeadLetter> accept)
      throws IOException, JetStreamApiException, InterruptedException {
    String filter = Subjects.deadLetterSubject(prefix, "*");
    StreamContext context = connection.getStreamContext(stream);
    StreamState state =
        context.getStreamInfo(StreamInfoOptions.filterSubjects(filter)).getStreamState();
    long total = state.getSubjects().stream().mapToLong(subject -> subject.getCount()).sum();
    if (total == 0) {
      return List.of();
    }
    Deque<Stored> kept = new ArrayDeque<>();
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
        Stored letter = parse(message);
        if (letter != null && accept.test(letter.letter())) {
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

  /**
   * A dead letter, its own subject and its own sequence in the stream.
   *
   * @param subject the dead letter's subject ({@code <prefix>.dlq.result.<requestID>})
   * @param sequence the dead letter's sequence (not the original's)
   */
  public record Stored(String subject, long sequence, DeadLetter letter) {}

  private static Stored parse(Message message) {
    try {
      return new Stored(
          message.getSubject(),
          message.metaData().streamSequence(),
          DeadLetter.parse(message.getData()));
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
