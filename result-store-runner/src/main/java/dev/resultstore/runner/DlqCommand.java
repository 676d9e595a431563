package dev.resultstore.runner;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.nats.DeadLetter;
import dev.resultstore.nats.DeadLetterReader;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.nats.NatsConnections;
import dev.resultstore.nats.NatsSourceConfig;
import io.nats.client.Connection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dlq}: the result dead letters, listed and replayed. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Lists or replays the result dead letters (<prefix>.dlq.result.*).",
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Runnable {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: list or replay");
  }

  /** {@code dlq list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Shows the newest dead letters first: when, failure class, invocation id, original"
              + " subject and reason.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand DlqCommand dlq;
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;
    @Mixin OutputOption output;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "At most this many (the newest). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() throws Exception {
      if (limit < 1) {
        throw new ParameterException(
            spec.commandLine(), "Invalid value for option '--limit': must be at least 1");
      }
      LogSetup.quiet();
      ResultStoreConfig loaded = config.load(dlq.main.environment());
      List<DeadLetterReader.Stored> letters;
      Connection connection = NatsConnections.connect(loaded.nats(), "result-store-dlq");
      try {
        letters =
            DeadLetterReader.read(
                connection,
                loaded.nats().streamName(),
                loaded.nats().subjectPrefix(),
                limit,
                letter -> true);
      } finally {
        NatsConnections.close(connection);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        for (int i = letters.size() - 1; i >= 0; i--) {
          out.println(DeadLetterFormat.jsonLine(letters.get(i)));
        }
        out.flush();
        return Main.OK;
      }
      if (letters.isEmpty()) {
        spec.commandLine().getErr().println("no dead letters");
        return Main.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("FAILED AT", "CLASS", "INVOCATION ID", "SUBJECT", "SEQ", "REASON"));
      for (int i = letters.size() - 1; i >= 0; i--) {
        DeadLetter letter = letters.get(i).letter();
        rows.add(
            List.of(
                letter.failedAt() == null ? "-" : letter.failedAt().toString(),
                orDash(className(letter)),
                orDash(letter.invocationId()),
                orDash(letter.originalSubject()),
                Long.toString(letters.get(i).sequence()),
                letter.error() == null ? "" : letter.error().replaceAll("[\\r\\n\\t]+", " ")));
      }
      SummaryFormat.align(rows).forEach(out::println);
      out.flush();
      return Main.OK;
    }
  }

  /** {@code dlq replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Republishes the original payloads of the chosen dead letters (all when no filter is"
            + " given) to their original subjects, so that after a fix nothing stays lost.",
        "Exit status: 0 replayed (or nothing to replay), 3 a filter matched no dead letter.",
        "Each goes out under the fresh message id result-<invocationID>-replay-<dlqSequence>: the"
            + " stream would drop the original id as a duplicate inside its duplicate window, and"
            + " replaying the same dead letter twice within the window publishes it once."
      })
  static final class ReplayCommand implements Callable<Integer> {
    @ParentCommand DlqCommand dlq;
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(names = "--class", paramLabel = "C", description = "Only this failure class.")
    String failureClass;

    @Option(names = "--invocation-id", paramLabel = "ID", description = "Only this invocation.")
    String invocationId;

    @Option(names = "--dry-run", description = "List what would be replayed; publish nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      LogSetup.quiet();
      ResultStoreConfig loaded = config.load(dlq.main.environment());
      NatsSourceConfig nats = loaded.nats();
      Predicate<DeadLetter> chosen =
          letter ->
              (failureClass == null || failureClass.equals(className(letter)))
                  && (invocationId == null || invocationId.equals(letter.invocationId()));
      PrintWriter out = spec.commandLine().getOut();
      Connection connection = NatsConnections.connect(loaded.nats(), "result-store-dlq-replay");
      try {
        EventPublisher publisher =
            new EventPublisher(connection, nats.streamName(), PublishCommand.WINDOW);
        ProgressLine progress =
            ProgressLine.onStderr(
                spec.commandLine().getErr(),
                "read",
                DeadLetterReader.count(connection, nats.streamName(), nats.subjectPrefix()));
        int[] skipped = {0};
        // one letter at a time, as it is read: a replay holds one fetch batch, not every letter
        long chosenCount =
            DeadLetterReader.forEach(
                connection,
                nats.streamName(),
                nats.subjectPrefix(),
                letter -> {
                  progress.advance(1);
                  return chosen.test(letter);
                },
                stored -> {
                  if (!replay(stored, nats.subjectPrefix(), publisher, out)) {
                    skipped[0]++;
                  }
                });
        publisher.flush();
        progress.finish();
        if (chosenCount == 0) {
          boolean filtered = failureClass != null || invocationId != null;
          spec.commandLine()
              .getErr()
              .println(filtered ? "no dead letters match" : "no dead letters to replay");
          return filtered ? Main.NOT_FOUND : Main.OK;
        }
        if (!dryRun) {
          out.println(
              "replayed "
                  + publisher.published()
                  + " dead letters"
                  + (publisher.duplicates() > 0
                      ? " ("
                          + publisher.duplicates()
                          + " already replayed within the duplicate window)"
                      : "")
                  + (skipped[0] > 0 ? ", skipped " + skipped[0] : ""));
        }
      } finally {
        NatsConnections.close(connection);
      }
      out.flush();
      return Main.OK;
    }

    /** Publishes one letter's payload again (or names it, on a dry run); false: skipped. */
    private boolean replay(
        DeadLetterReader.Stored stored, String prefix, EventPublisher publisher, PrintWriter out) {
      DeadLetter letter = stored.letter();
      byte[] payload = letter.payload();
      if (payload == null) {
        out.println(
            "skipped sequence "
                + stored.sequence()
                + ": no whole payload (none, or cut to fit the server's maximum payload; its"
                + " error names the original's stream sequence)");
        return false;
      }
      String subject = letter.replaySubject(prefix);
      out.println(
          (dryRun ? "would replay " : "replaying ")
              + orDash(letter.invocationId())
              + " ("
              + orDash(className(letter))
              + ", "
              + payload.length
              + " bytes) to "
              + subject);
      if (!dryRun) {
        publisher.publish(subject, stored.replayMessageId(), payload);
      }
      return true;
    }
  }

  /** The letter's failure class as the wire names it; {@code null} when it names none of ours. */
  static String className(DeadLetter letter) {
    return letter.failureClass() == null ? null : letter.failureClass().wireName();
  }

  static String orDash(String text) {
    return text == null || text.isEmpty() ? "-" : text;
  }
}
