package dev.resultstore.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.StreamContext;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the result dead letters ({@code <prefix>.dlq.result.*}) back from the stream one at a time
 * by sequence, which leaves no state on the server: for the tools that list and replay them.
 */
public final class DeadLetterReader {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReader.class);

  private DeadLetterReader() {}

  /**
   * The last {@code limit} dead letters that {@code accept} matches, oldest first; it holds at most
   * {@code limit} of them. To go through all of them, use {@link #forEach}.
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
    Deque<Stored> kept = new ArrayDeque<>();
    forEach(
        connection,
        stream,
        prefix,
        accept,
        letter -> {
          kept.addLast(letter);
          if (kept.size() > limit) {
            kept.removeFirst();
          }
        });
    return new ArrayList<>(kept);
  }

  /**
   * Hands every dead letter that {@code accept} matches to {@code each}, oldest first, as it is
   * read: the letters are read one at a time (a message get by sequence), the next only when this
   * one is handed on, and none is kept, so a replay of any number of letters needs the memory of
   * one letter. Reads the letters up to the stream's last sequence when it starts; letters added
   * meanwhile (a replayed message dead-lettered again, say) are left for the next call. {@code
   * accept} sees every letter read.
   *
   * @return the letters handed to {@code each}
   * @throws NatsSourceException as {@link #read}, also when {@code each} throws one
   */
  public static long forEach(
      Connection connection,
      String stream,
      String prefix,
      Predicate<DeadLetter> accept,
      Consumer<Stored> each) {
    try {
      String filter = Subjects.deadLetterSubject(prefix, "*");
      StreamContext context = connection.getStreamContext(stream);
      long total = count(context, filter);
      if (total == 0) {
        return 0;
      }
      JetStreamManagement management = connection.jetStreamManagement();
      long last = management.getStreamInfo(stream).getStreamState().getLastSequence();
      long[] after = {0};
      Letters letters =
          () -> {
            if (after[0] >= last) {
              return null;
            }
            MessageInfo message;
            try {
              message = management.getNextMessage(stream, after[0] + 1, filter);
            } catch (JetStreamApiException e) {
              if (e.getErrorCode() == 404) {
                return null; // no further letter
              }
              throw e;
            }
            after[0] = message.getSeq();
            return message.getSeq() > last
                ? null
                : new Raw(message.getSubject(), message.getSeq(), message.getData());
          };
      return forEach(letters, total, accept, each);
    } catch (IOException | JetStreamApiException e) {
      throw readFailed(stream, e);
    }
  }

  /** A message as read from the stream. */
  record Raw(String subject, long sequence, byte[] data) {}

  /** Where the letters come from: the next one, or {@code null} when there are no more. */
  interface Letters {
    Raw next() throws IOException, JetStreamApiException;
  }

  /** The loop of {@link #forEach}: reads up to {@code total} letters from {@code letters}. */
  static long forEach(
      Letters letters, long total, Predicate<DeadLetter> accept, Consumer<Stored> each)
      throws IOException, JetStreamApiException {
    long seen = 0;
    long handed = 0;
    while (seen < total) {
      Raw message = letters.next();
      if (message == null) {
        break;
      }
      seen++;
      Stored letter = parse(message);
      if (letter != null && accept.test(letter.letter())) {
        each.accept(letter);
        handed++;
      }
    }
    return handed;
  }

  /** The dead letters in the stream now. */
  private static long count(StreamContext context, String filter)
      throws IOException, JetStreamApiException {
    StreamState state =
        context.getStreamInfo(StreamInfoOptions.filterSubjects(filter)).getStreamState();
    return state.getSubjects() == null
        ? 0
        : state.getSubjects().stream().mapToLong(subject -> subject.getCount()).sum();
  }

  /**
   * The dead letters in the stream now, for a progress line.
   *
   * @throws NatsSourceException as {@link #read}
   */
  public static long count(Connection connection, String stream, String prefix) {
    try {
      return count(connection.getStreamContext(stream), Subjects.deadLetterSubject(prefix, "*"));
    } catch (IOException | JetStreamApiException e) {
      throw readFailed(stream, e);
    }
  }

  /**
   * A dead letter, its own subject and its own sequence in the stream.
   *
   * @param subject the dead letter's subject ({@code <prefix>.dlq.result.<requestID>})
   * @param sequence the dead letter's sequence (not the original's)
   */
  public record Stored(String subject, long sequence, DeadLetter letter) {
    /**
     * The message id a replay of the letter publishes under, {@code
     * result-<invocationID>-replay-<sequence>}: the stream would drop the original's id as a
     * duplicate inside its duplicate window, and one letter replayed twice in it goes out once.
     */
    public String replayMessageId() {
      String invocationId = letter.invocationId() == null ? "unknown" : letter.invocationId();
      return EventPublisher.resultMessageId(invocationId) + "-replay-" + sequence;
    }
  }

  /** An I/O failure is transient (the connection), a JetStream refusal is not. */
  private static NatsSourceException readFailed(String stream, Exception e) {
    boolean io = e instanceof IOException;
    return new NatsSourceException(
        "reading the dead letters of stream "
            + stream
            + " failed: "
            + (io ? Failures.describe(e) : e.getMessage()),
        e,
        io);
  }

  private static Stored parse(Raw message) {
    try {
      return new Stored(message.subject(), message.sequence(), DeadLetter.parse(message.data()));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Skipping the message at sequence {} on {}: {}",
          message.sequence(),
          message.subject(),
          e.getMessage());
      return null;
    }
  }
}
