package dev.resultstore.runner.fault;

import static org.awaitility.Awaitility.await;

import dev.resultstore.core.testing.TestServices;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.nats.GeneratedEvents;
import dev.resultstore.runner.RunnerProcess;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.SoftAssertions;

/**
 * One scenario run: unique names, the runner's configuration, the runner processes, a publisher and
 * the two checks (CQL rows, stream). {@link #close()} stops every runner and removes the stream and
 * the keyspace. Runner logs stay in {@code target/fault-logs/<scenario>-<id>/}.
 */
final class Scenario implements AutoCloseable {
  final Names names;
  final Report report;
  final RunnerSettings settings;
  final Path directory;

  /** TLS context of the publisher and the stream check; {@code null}: plain. */
  SSLContext natsTls;

  /** TLS context of the CQL check; {@code null}: plain. */
  SSLContext cqlTls;

  private final List<RunnerProcess> runners = new ArrayList<>();
  private Publisher publisher;
  private StoreCheck store;
  private StreamCheck stream;

  /** A scenario on the shared servers of {@code scripts/services.sh}. */
  Scenario(String scenario) throws IOException {
    this.names = Names.unique(scenario);
    this.report = new Report(scenario);
    this.settings = new RunnerSettings(names);
    this.directory =
        Files.createDirectories(Path.of("target", "fault-logs", scenario + "-" + names.id()));
    settings.natsUrl = TestServices.natsUrl();
    InetSocketAddress cql = TestServices.cqlContactPoint();
    settings.cqlHosts.add(cql.getHostString() + ":" + cql.getPort());
    settings.datacenter = TestServices.cqlDatacenter();
    report.put("id", names.id());
  }

  /** Starts a runner with the scenario's settings as they are now. */
  RunnerProcess startRunner(String name) throws IOException {
    return startRunner(name, RunnerProcess.DEFAULT_HEAP);
  }

  /** {@link #startRunner(String)} with a heap of {@code heap} ({@code -Xmx}). */
  RunnerProcess startRunner(String name, String heap) throws IOException {
    int port = RunnerProcess.freePort();
    Path config = settings.write(directory.resolve(name + ".yaml"), port);
    RunnerProcess runner =
        RunnerProcess.start(name, config, directory.resolve(name + ".log"), port, Map.of(), heap);
    runners.add(runner);
    return runner;
  }

  /** Waits until {@code /readyz} answers 200; fails with the log's tail. */
  void awaitReady(RunnerProcess runner, Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !runner.isAlive() || runner.ready());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          runner.name() + " not ready within " + timeout + ":\n" + runner.logTail(40), e);
    }
    if (!runner.isAlive()) {
      throw new AssertionError(
          runner.name() + " exited with " + runner.exitValue() + ":\n" + runner.logTail(40));
    }
  }

  Publisher publisher() throws IOException, InterruptedException {
    if (publisher == null) {
      publisher = Publisher.connect(settings.natsUrl, natsTls);
    }
    return publisher;
  }

  StreamCheck stream() throws IOException, InterruptedException {
    if (stream == null) {
      stream = new StreamCheck(publisher().connection(), names);
    }
    return stream;
  }

  StoreCheck store() {
    if (store == null) {
      store = StoreCheck.connect(settings.cqlHosts, settings.datacenter, names.keyspace(), cqlTls);
    }
    return store;
  }

  /** {@code count} valid events; their invocation ids are added to {@code ids}. */
  List<Publisher.Outgoing> validEvents(int count, Collection<String> ids) {
    List<Publisher.Outgoing> messages = new ArrayList<>(count);
    GeneratedEvents events =
        new GeneratedEvents(
            ThreadLocalRandom.current().nextLong(), count, Events.APPS, 128, 128, Instant.now());
    for (int i = 0; i < count; i++) {
      String id = events.invocationId(i);
      ids.add(id);
      messages.add(
          new Publisher.Outgoing(
              names.resultSubject(events.requestId(i)),
              EventPublisher.resultMessageId(id),
              events.json(i)));
    }
    return messages;
  }

  /**
   * Result messages the runners have settled (acknowledged or terminated) so far: the messages on
   * the result subjects minus the consumer's backlog.
   */
  long settled() throws IOException, InterruptedException, JetStreamApiException {
    StreamCheck.Backlog backlog = stream().backlog();
    return stream().resultMessages() - backlog.pending() - backlog.ackPending();
  }

  /**
   * Publishes {@code messages} on another thread, at most {@code perSecond} a second (0: no cap).
   */
  CompletableFuture<long[]> publishInBackground(List<Publisher.Outgoing> messages, int perSecond)
      throws IOException, InterruptedException {
    Publisher to = publisher();
    CompletableFuture<long[]> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                done.complete(to.publish(messages, perSecond));
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "fault-publisher");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  /** Waits until at least {@code count} result messages are settled. */
  void awaitSettled(long count, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> settled() >= count);
  }

  /**
   * Waits until the consumer's backlog is empty and every id in {@code expected} has a row; returns
   * the stored ids. On timeout the assertion names what is missing.
   */
  Set<String> awaitStored(Set<String> expected, Duration timeout) {
    Set<String> stored = new HashSet<>();
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () -> {
                if (!stream().backlog().empty()) {
                  return false;
                }
                stored.clear();
                stored.addAll(store().storedIds());
                return stored.containsAll(expected);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Set<String> missing = new HashSet<>(expected);
      try {
        missing.removeAll(store().storedIds());
      } catch (RuntimeException failure) {
        missing.removeAll(stored);
      }
      String backlog;
      try {
        backlog = String.valueOf(stream().backlog());
      } catch (Exception failure) {
        backlog = failure.toString();
      }
      StringBuilder logs = new StringBuilder();
      for (RunnerProcess runner : runners) {
        logs.append("\n--- ").append(runner.name()).append(":\n").append(runner.logTail(30));
      }
      throw new AssertionError(
          missing.size()
              + " of "
              + expected.size()
              + " results not stored within "
              + timeout
              + " (backlog "
              + backlog
              + ")"
              + logs,
          e);
    }
    return stored;
  }

  /**
   * Waits until every id in {@code expected} has a row, {@code deadLetters} dead letters are on the
   * stream and the consumer holds nothing; false when that did not happen within {@code timeout},
   * or when nothing changed for {@code stalled} (rows, dead letters and backlog all the same).
   */
  boolean awaitQuiet(Set<String> expected, int deadLetters, Duration timeout, Duration stalled)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    long lastChange = System.nanoTime();
    while (System.nanoTime() < deadline) {
      try {
        StreamCheck.Backlog backlog = stream().backlog();
        long letters =
            stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();
        Set<String> stored = store().storedIds();
        if (backlog.empty() && letters >= deadLetters && stored.containsAll(expected)) {
          return true;
        }
        String now = backlog + "/" + letters + "/" + stored.size();
        if (!now.equals(last)) {
          last = now;
          lastChange = System.nanoTime();
        } else if (System.nanoTime() - lastChange > stalled.toNanos()) {
          System.out.println("no progress for " + stalled + ": backlog/dead letters/rows " + now);
          return false;
        }
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        System.out.println("checking progress failed: " + e);
      }
      Thread.sleep(2_000);
    }
    return false;
  }

  /**
   * The checks every scenario ends with, after its own in {@code softly}: every published id stored
   * and no other, nothing dead-lettered, nothing left in the consumer; then the report's verdict,
   * and the assertions.
   */
  void assertNothingLost(
      SoftAssertions softly, Set<String> ids, Set<String> stored, long deadLetters)
      throws IOException, JetStreamApiException, InterruptedException {
    softly.assertThat(difference(ids, stored)).as("published ids without a row").isEmpty();
    softly.assertThat(difference(stored, ids)).as("rows of ids never published").isEmpty();
    softly.assertThat(deadLetters).as("dead letters").isZero();
    softly
        .assertThat(stream().backlog())
        .as("nothing left in the consumer")
        .matches(StreamCheck.Backlog::empty);
    report.finish(softly.errorsCollected().isEmpty() ? "PASS" : "FAIL");
    softly.assertAll();
  }

  /** The elements of {@code from} that are not in {@code minus}. */
  static Set<String> difference(Set<String> from, Set<String> minus) {
    Set<String> result = new HashSet<>(from);
    result.removeAll(minus);
    return result;
  }

  @Override
  public void close() {
    for (RunnerProcess runner : runners) {
      runner.close();
    }
    Exception failure = null;
    try {
      stream().deleteStream();
    } catch (IOException | RuntimeException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store().dropKeyspace();
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    if (store != null) {
      store.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (failure != null) {
      System.err.println("clean-up of " + names + " incomplete: " + failure);
    }
  }
}
