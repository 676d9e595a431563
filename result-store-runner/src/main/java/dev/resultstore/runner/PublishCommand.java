package dev.resultstore.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resultstore.nats.NatsConnections;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code publish}: publishes result events as the Go runtime does, for demos and tests. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes result events in the Go wire format: subject <prefix>.result.<requestID>,"
          + " header Nats-Msg-Id: result-<invocationID>; waits for every publish acknowledgement.",
      "The stream must exist: start the runner first (it creates the stream when missing)."
    })
final class PublishCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--samples",
      paramLabel = "DIR",
      description = "Publish every file in DIR as one message, as is, in name order.")
  Path samples;

  @Option(
      names = "--generate",
      paramLabel = "N",
      defaultValue = "0",
      description = "Publish N generated results completed now. Default: ${DEFAULT-VALUE}.")
  int generate;

  @Option(
      names = "--request-ids",
      paramLabel = "ID[,ID...]",
      split = ",",
      defaultValue = "demo-llm-chat,demo-sd-webui,demo-whisper",
      description = "The serverless request ids of generated results. Default: ${DEFAULT-VALUE}.")
  List<String> requestIds;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Makes the generated invocation ids reproducible. Default: random.")
  Long seed;

  @Override
  public Integer call() throws Exception {
    if (samples == null && generate == 0) {
      throw new ParameterException(spec.commandLine(), "Give --samples DIR, --generate N or both");
    }
    if (generate < 0 || generate > 10_000_000) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--generate': must be from 0 to 10000000");
    }
    for (String id : requestIds) {
      if (!id.matches("[a-z0-9_-]+")) {
        throw new ParameterException(
            spec.commandLine(),
            "Invalid value for option '--request-ids': '"
                + id
                + "' is not one subject token of lowercase letters, digits, '-' and '_'");
      }
    }
    List<Path> files = sampleFiles();
    LogSetup.quiet();
    RunnerConfig loaded = config.load(main.environment());
    String prefix = loaded.serverless().subjectPrefix();
    PrintWriter out = spec.commandLine().getOut();
    Connection connection =
        NatsConnections.connect(Components.natsConfig(loaded), "result-store-publish");
    try {
      WirePublisher publisher = new WirePublisher(connection, loaded.serverless().streamName());
      for (Path file : files) {
        byte[] data = Files.readAllBytes(file);
        String[] identity = peek(data);
        String invocationId = identity[0] == null ? "sample-" + file.getFileName() : identity[0];
        String subject = prefix + ".result." + (identity[1] == null ? "unknown" : identity[1]);
        publisher.publish(subject, "result-" + invocationId, data);
        out.println("published " + file.getFileName() + " to " + subject);
      }
      GeneratedEvents events =
          new GeneratedEvents(requestIds, seed == null ? System.nanoTime() : seed);
      for (int i = 0; i < generate; i++) {
        GeneratedEvents.Event event = events.next(i, Instant.now());
        publisher.publish(
            prefix + ".result." + event.serverlessRequestId(),
            "result-" + event.invocationId(),
            event.json());
      }
      publisher.flush();
      out.println(
          "published "
              + publisher.published()
              + " messages to "
              + prefix
              + ".result.* on stream "
              + loaded.serverless().streamName()
              + (publisher.duplicates() > 0
                  ? " (" + publisher.duplicates() + " dropped by the stream as duplicates)"
                  : ""));
    } finally {
      NatsConnections.close(connection);
    }
    out.flush();
    return Main.OK;
  }

  private List<Path> sampleFiles() throws IOException {
    if (samples == null) {
      return List.of();
    }
    if (!Files.isDirectory(samples)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--samples': " + samples + " is not a directory");
    }
    try (Stream<Path> listing = Files.list(samples)) {
      return listing.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * The {@code invocationID} and {@code serverlessRequestID} of a message, best-effort: read until
   * the JSON breaks, so even a truncated message names its invocation.
   */
  static String[] peek(byte[] data) {
    String[] identity = new String[2];
    try (JsonParser parser = JSON.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return identity;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("invocationID")) {
          identity[0] = parser.getText();
        } else if (value == JsonToken.VALUE_STRING && field.equals("serverlessRequestID")) {
          String id = parser.getText();
          identity[1] = id.matches("[A-Za-z0-9_-]+") ? id : null;
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // best-effort: keep what was read before the JSON broke
    }
    return identity;
  }
}
