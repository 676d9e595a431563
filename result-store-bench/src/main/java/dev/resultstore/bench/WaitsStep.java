package dev.resultstore.bench;

import dev.resultstore.core.ResultSummary;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.nats.GeneratedEvents;
import dev.resultstore.nats.NatsConnections;
import dev.resultstore.nats.NatsResultWaiter;
import dev.resultstore.nats.NatsSourceConfig;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Step "waits": {@code count} concurrent {@link NatsResultWaiter#await} calls held on one waiter
 * (one subscription, on a connection of its own), then the results published a second later and
 * stored by ours' pipeline ({@link PipelineStep}). Each wait's latency is from the commit ({@code
 * committedAt} of its notification, heard on another connection) to its completion in this JVM,
 * same clock. The fallback read is an hour away, so every wait is completed by its notification.
 */
final class WaitsStep {
  private static final Duration WAIT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration PUBLISH_AFTER = Duration.ofSeconds(1);

  private WaitsStep() {}

  /**
   * What the waits measured.
   *
   * @param count waits held
   * @param completed waits completed with their result's summary
   * @param subscriptions the waiter connection's subscriptions on the server (its monitor); -1 when
   *     the monitor could not tell
   * @param threadsAdded threads of this JVM more while the waits were held than before
   * @param latency commit to wait completed, of the completed waits; {@code null} when none
   * @param pipeline the pipeline that stored the results meanwhile
   */
  record Outcome(
      int count,
      long completed,
      int subscriptions,
      int threadsAdded,
      Latencies.Summary latency,
      StepResult pipeline) {

    /** Every wait completed with its result, through one subscription (when known). */
    boolean complete() {
      return completed == count && subscriptions <= 1 && pipeline.complete();
    }
  }

  /** Publishes the events the waits are on; called once the waits are held. */
  @FunctionalInterface
  interface Publisher {
    void publish();
  }

  static Outcome run(
      NatsSourceConfig config,
      CqlResultStore store,
      BenchNats nats,
      GeneratedEvents events,
      Publisher publisher,
      URI monitor,
      String connectionName,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    int count = events.count();
    Map<String, Instant> committedAt = new ConcurrentHashMap<>();
    Dispatcher measuring =
        nats.connection()
            .createDispatcher(
                message ->
                    NatsResultWaiter.commitOf(message.getData())
                        .ifPresent(
                            commit ->
                                committedAt.put(commit.invocationId(), commit.committedAt())));
    measuring.subscribe(config.subjectPrefix() + ".stored.*");
    Connection connection = NatsConnections.connect(config, connectionName);
    try (NatsResultWaiter waiter =
        NatsResultWaiter.builder(connection, store)
            .subjectPrefix(config.subjectPrefix())
            .fallbackInterval(Duration.ofHours(1))
            .start()) {
      int threadsBefore = Thread.activeCount();
      Map<String, Instant> completedAt = new ConcurrentHashMap<>();
      List<CompletableFuture<Optional<ResultSummary>>> waits = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String id = events.invocationId(i);
        CompletableFuture<Optional<ResultSummary>> wait =
            waiter.await(id, WAIT_TIMEOUT).toCompletableFuture();
        wait.thenAccept(
            found -> {
              if (found.isPresent()) {
                completedAt.put(id, Instant.now());
              }
            });
        waits.add(wait);
      }
      int threadsAdded = Thread.activeCount() - threadsBefore;
      try {
        connection.flush(Duration.ofSeconds(10));
      } catch (TimeoutException e) {
        Progress.note(err, "waits: the waiter's connection did not flush: " + e.getMessage());
      }
      int subscriptions =
          NatsMonitor.subscriptions(monitor, connectionName).map(List::size).orElse(-1);
      Progress.note(
          err,
          "waits: "
              + waiter.waiting()
              + " held, "
              + (subscriptions < 0 ? "unknown" : subscriptions)
              + " subscription(s), "
              + threadsAdded
              + " threads more; publishing in "
              + PUBLISH_AFTER.toMillis()
              + " ms");
      Thread publishing =
          new Thread(
              () -> {
                try {
                  Thread.sleep(PUBLISH_AFTER.toMillis());
                  publisher.publish();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bench-waits-publisher");
      publishing.start();
      PipelineStep.Outcome pipeline;
      try {
        pipeline =
            PipelineStep.run("waits (pipeline)", config, store, nats, count, cpu, err, stall);
      } finally {
        publishing.join();
      }
      try {
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
            .get(stall.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        Progress.note(err, "waits: not all completed: " + e);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!committedAt.keySet().containsAll(completedAt.keySet())
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long[] nanos =
          completedAt.entrySet().stream()
              .filter(entry -> committedAt.containsKey(entry.getKey()))
              .mapToLong(
                  entry ->
                      Math.max(
                          0,
                          Duration.between(committedAt.get(entry.getKey()), entry.getValue())
                              .toNanos()))
              .toArray();
      return new Outcome(
          count,
          completedAt.size(),
          subscriptions,
          threadsAdded,
          nanos.length == 0 ? null : Latencies.summarize(nanos),
          pipeline.step());
    } finally {
      NatsConnections.close(connection);
      nats.connection().closeDispatcher(measuring);
    }
  }
}
