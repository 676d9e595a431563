package dev.resultstore.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the stream exists: creates it with the contract's settings when missing, and leaves an
 * existing one alone, failing only when it does not capture {@code <prefix>.result.*}.
 */
final class StreamSetup {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSetup.class);

  /** JetStream's "stream not found". */
  static final int STREAM_NOT_FOUND = 10059;

  /** JetStream's "stream name already in use with a different configuration". */
  static final int STREAM_NAME_IN_USE = 10058;

  private StreamSetup() {}

  /** The configuration of the stream we create: the contract's settings. */
  static StreamConfiguration desired(NatsSourceConfig config) {
    return StreamConfiguration.builder()
        .name(config.streamName())
        .subjects(Subjects.streamSubjects(config.subjectPrefix()))
        .retentionPolicy(RetentionPolicy.Limits)
        .storageType(StorageType.File)
        .maxAge(config.streamMaxAge())
        .duplicateWindow(config.duplicatesWindow())
        .replicas(config.streamReplicas())
        .build();
  }

  /**
   * Creates the stream when missing, else checks it.
   *
   * @throws NatsSourceException (permanent) when the stream does not capture the result subjects
   */
  static StreamInfo ensure(JetStreamManagement management, NatsSourceConfig config)
      throws IOException, JetStreamApiException {
    StreamInfo info;
    try {
      info = management.getStreamInfo(config.streamName());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      info = create(management, config);
      if (info != null) {
        return info;
      }
      info = management.getStreamInfo(config.streamName());
    }
    check(info.getConfiguration(), config);
    return info;
  }

  /** Creates the stream; {@code null} when another instance created it first, differently. */
  private static StreamInfo create(JetStreamManagement management, NatsSourceConfig config)
      throws IOException, JetStreamApiException {
    StreamConfiguration desired = desired(config);
    try {
      StreamInfo info = management.addStream(desired);
      LOG.info(
          "Created stream {} (subjects {}, limits retention, file storage, max age {}, duplicate"
              + " window {}, {} replica(s))",
          config.streamName(),
          desired.getSubjects(),
          config.streamMaxAge(),
          config.duplicatesWindow(),
          config.streamReplicas());
      return info;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NAME_IN_USE) {
        return null;
      }
      throw e;
    }
  }

  /** Fails when the stream does not capture the results; logs what differs from the contract. */
  static void check(StreamConfiguration existing, NatsSourceConfig config) {
    String results = Subjects.resultFilter(config.subjectPrefix());
    if (!Subjects.anyCovers(existing.getSubjects(), results)) {
      throw new NatsSourceException(
          "Stream "
              + config.streamName()
              + " exists but does not capture "
              + results
              + " (its subjects are "
              + existing.getSubjects()
              + "). Add that subject to the stream, or configure the stream name and subject"
              + " prefix the publishers use.",
          null,
          false);
    }
    List<String> differences = differences(existing, desired(config));
    if (!differences.isEmpty()) {
      LOG.info(
          "Stream {} exists; keeping its settings, which differ from ours: {}",
          config.streamName(),
          String.join(", ", differences));
    }
  }

  /**
   * The {@code max_msg_size} of the stream that captures the dead letters ({@code
   * <prefix>.dlq.result.*}): this one or another; 0 or less when it sets none.
   *
   * @throws NatsSourceException (permanent) when no stream captures them: every dead letter would
   *     fail, and its message could never be settled
   */
  static long deadLetterStreamLimit(JetStreamManagement management, NatsSourceConfig config)
      throws IOException, JetStreamApiException {
    String deadLetters = Subjects.deadLetterFilter(config.subjectPrefix());
    for (StreamInfo stream : management.getStreams()) {
      StreamConfiguration configuration = stream.getConfiguration();
      if (Subjects.anyCovers(configuration.getSubjects(), deadLetters)) {
        if (!configuration.getName().equals(config.streamName())) {
          LOG.info("Dead letters go to stream {}", configuration.getName());
        }
        return configuration.getMaximumMessageSize();
      }
    }
    throw new NatsSourceException(
        "No stream captures "
            + deadLetters
            + ": the dead letters of poison messages could never be published, and those messages"
            + " never settled. Add that subject to stream "
            + config.streamName()
            + " or create a stream for the dead letters.",
        null,
        false);
  }

  private static List<String> differences(StreamConfiguration existing, StreamConfiguration ours) {
    List<String> differences = new ArrayList<>();
    differ(differences, "subjects", existing.getSubjects(), ours.getSubjects());
    differ(differences, "retention", existing.getRetentionPolicy(), ours.getRetentionPolicy());
    differ(differences, "storage", existing.getStorageType(), ours.getStorageType());
    differ(differences, "max age", existing.getMaxAge(), ours.getMaxAge());
    differ(
        differences, "duplicate window", existing.getDuplicateWindow(), ours.getDuplicateWindow());
    differ(differences, "replicas", existing.getReplicas(), ours.getReplicas());
    return differences;
  }

  private static void differ(List<String> differences, String what, Object theirs, Object ours) {
    if (!Objects.equals(theirs, ours)) {
      differences.add(what + " " + theirs + " (ours " + ours + ")");
    }
  }
}
