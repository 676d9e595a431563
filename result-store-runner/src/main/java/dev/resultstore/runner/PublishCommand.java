package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.nats.GeneratedEvents;
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
  /** Publish acknowledgements outstanding at most. */
  static final int WINDOW = 256;

  private static final int GENERATED_BODY_BYTES = 64;

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
    ResultStoreConfig loaded = config.load(main.environment());
    String prefix = loaded.nats().subjectPrefix();
    PrintWriter out = spec.commandLine().getOut();
    Connection connection = NatsConnections.connect(loaded.nats(), "result-store-publish");
    try {
      EventPublisher publisher = new EventPublisher(connection, loaded.nats().streamName(), WINDOW);
      for (Path file : files) {
        byte[] data = Files.readAllBytes(file);
        String invocationId = ResultCodec.peekIdentity(data).invocationId();
        String subject = EventPublisher.resultSubject(prefix, data);
        if (invocationId == null) {
          invocationId = "sample-" + file.getFileName();
        }
        publisher.publish(subject, EventPublisher.resultMessageId(invocationId), data);
        out.println("published " + file.getFileName() + " to " + subject);
      }
      GeneratedEvents events =
          new GeneratedEvents(
              seed == null ? System.nanoTime() : seed,
              generate,
              requestIds,
              GENERATED_BODY_BYTES,
              GENERATED_BODY_BYTES,
              Instant.now());
      ProgressLine progress =
          generate > 0
              ? ProgressLine.onStderr(spec.commandLine().getErr(), "published", generate)
              : null;
      for (int i = 0; i < generate; i++) {
        publisher.publish(
            events.subject(prefix, i),
            EventPublisher.resultMessageId(events.invocationId(i)),
            events.json(i));
        progress.advance(1);
      }
      publisher.flush();
      if (progress != null) {
        progress.finish();
      }
      out.println(
          "published "
              + publisher.published()
              + " messages to "
              + prefix
              + ".result.* on stream "
              + loaded.nats().streamName()
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
}
