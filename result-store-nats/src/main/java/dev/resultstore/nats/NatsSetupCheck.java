package dev.resultstore.nats;

import dev.resultstore.core.internal.SetupReport;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at the NATS side as a {@link NatsResultSource} with the same settings would use it, and
 * changes nothing: the connection, the stream (does it capture the result subjects?) and the
 * durable consumer (pull, explicit acks, our settings?). For {@code check --connect} and init
 * containers.
 */
public final class NatsSetupCheck {

  private NatsSetupCheck() {}

  /**
   * Connects once, reads the stream and the consumer, and reports them. Blocks for up to about
   * twice {@code connectTimeout}.
   *
   * @throws NatsSourceException transient when no server answers, permanent when one refuses our
   *     credentials or TLS settings
   */
  public static SetupReport run(NatsSourceConfig config) {
    List<String> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Connection connection = NatsConnections.connect(config, "result-store check");
    try {
      found.add(
          "NATS "
              + connection.getConnectedUrl()
              + ": connected, server "
              + connection.getServerInfo().getVersion()
              + (connection.getServerInfo().isJetStreamAvailable()
                  ? ", JetStream enabled"
                  : ", JetStream NOT enabled"));
      if (!connection.getServerInfo().isJetStreamAvailable()) {
        problems.add("the server has JetStream disabled: enable it (nats-server -js)");
        return new SetupReport(found, problems);
      }
      JetStreamManagement management = connection.jetStreamManagement();
      if (stream(management, config, found, problems)) {
        consumer(management, config, found, problems);
      }
    } catch (IOException e) {
      throw new NatsSourceException(
          "NATS stopped answering during the check: " + Failures.describe(e), e, true);
    } finally {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new SetupReport(found, problems);
  }

  /** Reports the stream; {@code true} when it exists. */
  private static boolean stream(
      JetStreamManagement management,
      NatsSourceConfig config,
      List<String> found,
      List<String> problems)
      throws IOException {
    String name = config.streamName();
    StreamInfo info;
    try {
      info = management.getStreamInfo(name);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == StreamSetup.STREAM_NOT_FOUND) {
        found.add("stream " + name + ": missing; the runner creates it at startup");
        return false;
      }
      problems.add("stream " + name + ": cannot be read: " + e.getMessage());
      return false;
    }
    StreamConfiguration stream = info.getConfiguration();
    found.add(
        "stream "
            + name
            + ": subjects "
            + stream.getSubjects()
            + ", "
            + info.getStreamState().getMsgCount()
            + " messages, "
            + stream.getStorageType()
            + " storage, replicas "
            + stream.getReplicas()
            + ", max age "
            + stream.getMaxAge()
            + ", duplicate window "
            + stream.getDuplicateWindow());
    String results = Subjects.resultFilter(config.subjectPrefix());
    if (!Subjects.anyCovers(stream.getSubjects(), results)) {
      problems.add(
          "stream "
              + name
              + " does not capture "
              + results
              + ": add that subject, or configure the stream and prefix the publishers use");
    }
    String deadLetters = Subjects.deadLetterFilter(config.subjectPrefix());
    if (!Subjects.anyCovers(stream.getSubjects(), deadLetters)) {
      found.add(
          "stream "
              + name
              + " does not capture "
              + deadLetters
              + ": dead letters need another stream that does");
    }
    return true;
  }

  private static void consumer(
      JetStreamManagement management,
      NatsSourceConfig config,
      List<String> found,
      List<String> problems)
      throws IOException {
    String name = config.consumerName();
    ConsumerInfo info;
    try {
      info = management.getConsumerInfo(config.streamName(), name);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == ConsumerSetup.CONSUMER_NOT_FOUND) {
        found.add("consumer " + name + ": missing; the runner creates it at startup");
        return;
      }
      problems.add("consumer " + name + ": cannot be read: " + e.getMessage());
      return;
    }
    ConsumerConfiguration consumer = info.getConsumerConfiguration();
    found.add(
        "consumer "
            + name
            + ": "
            + info.getNumPending()
            + " pending, "
            + info.getNumAckPending()
            + " waiting for acks, "
            + info.getRedelivered()
            + " redelivered, "
            + (consumer.getDeliverSubject() == null ? "pull" : "push")
            + ", ack policy "
            + consumer.getAckPolicy());
    if (consumer.getDeliverSubject() != null) {
      problems.add("consumer " + name + " is a push consumer: delete it or configure another name");
    } else if (consumer.getAckPolicy() != AckPolicy.Explicit) {
      problems.add(
          "consumer "
              + name
              + " has ack policy "
              + consumer.getAckPolicy()
              + ": delete it or configure another name");
    } else {
      List<String> changes = ConsumerSetup.changes(consumer, config);
      found.add(
          changes.isEmpty()
              ? "consumer " + name + ": settings as configured"
              : "consumer "
                  + name
                  + ": the runner updates at startup: "
                  + String.join(", ", changes));
    }
  }
}
