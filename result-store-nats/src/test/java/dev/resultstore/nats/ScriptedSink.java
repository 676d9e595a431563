package dev.resultstore.nats;

import dev.resultstore.core.InMemoryResultStore;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.WriteOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A sink for tests: the real in-memory store, plus a script that may fail or delay chosen writes (a
 * store outage, a permanent refusal, a bug), and a count of the writes per invocation id.
 */
final class ScriptedSink implements ResultSink {
  private static final ScheduledExecutorService TIMER =
      Executors.newScheduledThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "scripted-sink");
            thread.setDaemon(true);
            return thread;
          });

  final InMemoryResultStore store = InMemoryResultStore.builder().build();
  final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  private final AtomicInteger completed = new AtomicInteger();

  private volatile Function<InvocationResult, RuntimeException> failure = result -> null;
  private volatile Duration delay = Duration.ZERO;
  private volatile Function<InvocationResult, CompletionStage<?>> gate = result -> null;
  private volatile Supplier<RuntimeException> probeFailure = () -> null;
  final AtomicInteger probes = new AtomicInteger();

  /** Fails every write for which {@code script} returns an exception; {@code null} = write it. */
  ScriptedSink failing(Function<InvocationResult, RuntimeException> script) {
    failure = script;
    return this;
  }

  /** Fails every probe for which {@code script} returns an exception; {@code null} = answer. */
  ScriptedSink probing(Supplier<RuntimeException> script) {
    probeFailure = script;
    return this;
  }

  @Override
  public CompletionStage<Void> probe() {
    probes.incrementAndGet();
    RuntimeException error = probeFailure.get();
    return error == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(error);
  }

  /** Completes every write {@code value} later (on another thread). */
  ScriptedSink delayed(Duration value) {
    delay = value;
    return this;
  }

  /** Holds every write for which {@code script} returns a stage until that stage completes. */
  ScriptedSink gated(Function<InvocationResult, CompletionStage<?>> script) {
    gate = script;
    return this;
  }

  @Override
  public CompletionStage<WriteOutcome> write(InvocationResult result) {
    writes.computeIfAbsent(result.invocationId(), id -> new AtomicInteger()).incrementAndGet();
    CompletionStage<?> held = gate.apply(result);
    if (held != null) {
      return held.thenCompose(ignored -> attempt(result));
    }
    return attempt(result);
  }

  private CompletionStage<WriteOutcome> attempt(InvocationResult result) {
    RuntimeException error = failure.apply(result);
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    Duration wait = delay;
    if (wait.isZero()) {
      return count(store.write(result));
    }
    // A scheduler of our own: on a 2-CPU machine CompletableFuture's default async executor
    // starts a thread per task, which would make the sink, not the source, the bottleneck.
    CompletableFuture<WriteOutcome> done = new CompletableFuture<>();
    TIMER.schedule(
        () ->
            count(store.write(result))
                .whenComplete(
                    (outcome, failure) -> {
                      if (failure == null) {
                        done.complete(outcome);
                      } else {
                        done.completeExceptionally(failure);
                      }
                    }),
        wait.toNanos(),
        TimeUnit.NANOSECONDS);
    return done;
  }

  private CompletionStage<WriteOutcome> count(CompletionStage<WriteOutcome> stage) {
    return stage.thenApply(
        outcome -> {
          completed.incrementAndGet();
          return outcome;
        });
  }

  /** Results stored (distinct invocations). */
  int stored() {
    return store.size();
  }

  /** Writes that completed normally, duplicates included. */
  int completedWrites() {
    return completed.get();
  }

  /** The number of writes attempted for {@code invocationId}. */
  int writesOf(String invocationId) {
    AtomicInteger count = writes.get(invocationId);
    return count == null ? 0 : count.get();
  }

  /** The stored result of {@code invocationId}. */
  Optional<InvocationResult> get(String invocationId) {
    return store.get(invocationId).toCompletableFuture().join();
  }
}
