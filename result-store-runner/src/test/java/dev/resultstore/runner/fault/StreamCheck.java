package dev.resultstore.runner.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the stream of a scenario holds: dead letters by subject, and the consumer's backlog. */
final class StreamCheck {
  /** Reads whatever a dead letter may embed: deep nesting, long strings. */
  static final ObjectMapper JSON =
      new ObjectMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(
                  com.fasterxml.jackson.core.StreamReadConstraints.builder()
                      .maxNestingDepth(100_000)
                      .maxStringLength(Integer.MAX_VALUE)
                      .build())
              .build());

  /**
   * One dead letter as the stream holds it.
   *
   * @param subject where it was published
   * @param sequence its own stream sequence
   * @param json the parsed message; {@code null} when it was not valid JSON
   * @param raw the message bytes
   */
  record DeadLetter(String subject, long sequence, JsonNode json, byte[] raw) {
    /** A text field of the JSON, or {@code ""}. */
    String text(String field) {
      return json == null || json.path(field).isMissingNode() ? "" : json.path(field).asText();
    }

    /** The stream sequence of the original message. */
    long originalSequence() {
      return json == null ? -1 : json.path("streamSequence").asLong(-1);
    }
  }

  /**
   * The consumer's state.
   *
   * @param pending messages not yet delivered
   * @param ackPending messages delivered and not yet acknowledged
   * @param redelivered messages delivered more than once and not yet acknowledged
   */
  record Backlog(long pending, long ackPending, long redelivered) {
    boolean empty() {
      return pending == 0 && ackPending == 0;
    }
  }

  private final JetStreamManagement management;
  private final Names names;

  StreamCheck(Connection connection, Names names) throws IOException {
    this.management = connection.jetStreamManagement();
    this.names = names;
  }

  /** Dead letters per subject. */
  Map<String, Long> deadLetterCounts() throws IOException, JetStreamApiException {
    StreamInfo info =
        management.getStreamInfo(
            names.stream(), StreamInfoOptions.filterSubjects(names.deadLetterFilter()));
    Map<String, Long> counts = new TreeMap<>();
    if (info.getStreamState().getSubjects() != null) {
      info.getStreamState().getSubjects().forEach(s -> counts.put(s.getName(), s.getCount()));
    }
    return counts;
  }

  /** Every dead letter, in stream order (reads the stream message by message). */
  List<DeadLetter> deadLetters() throws IOException, JetStreamApiException {
    List<DeadLetter> letters = new ArrayList<>();
    long last = management.getStreamInfo(names.stream()).getStreamState().getLastSequence();
    long sequence = 0;
    while (sequence < last) {
      MessageInfo message;
      try {
        message = management.getNextMessage(names.stream(), sequence + 1, names.deadLetterFilter());
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() == 404) {
          break; // no further message on the filter
        }
        throw e;
      }
      sequence = message.getSeq();
      letters.add(
          new DeadLetter(
              message.getSubject(), sequence, parse(message.getData()), message.getData()));
    }
    return letters;
  }

  /** The consumer's backlog. */
  Backlog backlog() throws IOException, JetStreamApiException {
    ConsumerInfo info = management.getConsumerInfo(names.stream(), names.consumer());
    return new Backlog(info.getNumPending(), info.getNumAckPending(), info.getRedelivered());
  }

  /** Messages on the result subjects. */
  long resultMessages() throws IOException, JetStreamApiException {
    StreamInfo info =
        management.getStreamInfo(
            names.stream(), StreamInfoOptions.filterSubjects(names.prefix() + ".result.*"));
    return info.getStreamState().getSubjects() == null
        ? 0
        : info.getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
  }

  /** Deletes the scenario's stream; true when it existed. */
  boolean deleteStream() throws IOException {
    try {
      return management.deleteStream(names.stream());
    } catch (JetStreamApiException e) {
      return false;
    }
  }

  private static JsonNode parse(byte[] data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      return null;
    }
  }
}
