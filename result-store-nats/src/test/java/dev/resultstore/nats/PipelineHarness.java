package dev.resultstore.nats;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source's loop without NATS: a real {@link Pipeline}, {@link InFlight}, {@link Acks} and
 * {@link OutageControl} around a {@link ScriptedSink}, {@link FakeDeadLetters} and {@link
 * FakeMessage}s. Timers run on a thread of the harness; close it after the test.
 */
final class PipelineHarness implements AutoCloseable {
  final NatsSourceConfig config;
  final ScriptedSink sink;
  final InFlight inFlight;
  final CountingListener listener = new CountingListener();
  final FakeDeadLetters deadLetters;
  final ScheduledExecutorService timer = Threads.timer();
  final Pipeline pipeline;
  private final AtomicLong sequence = new AtomicLong();

  PipelineHarness(NatsSourceConfig config, ScriptedSink sink, Executor workers) {
    this.config = config;
    this.sink = sink;
    this.inFlight = new InFlight(config.maxInFlight(), config.maxInFlightBytes());
    this.deadLetters = new FakeDeadLetters(inFlight);
    Acks acks = new Acks(inFlight, timer, Duration.ZERO, 1, () -> Duration.ofSeconds(30));
    this.pipeline =
        new Pipeline(
            sink,
            ResultCodec.create(),
            config,
            inFlight,
            new SafeListener(listener),
            workers,
            deadLetters,
            acks,
            timer,
            sink::probe,
            Clock.systemUTC());
  }

  PipelineHarness(NatsSourceConfig config, ScriptedSink sink) {
    this(config, sink, Executors.newFixedThreadPool(2, Threads.daemon("harness-worker-")));
  }

  /** A config with short outage back-off, for tests that wait for probes. */
  static NatsSourceConfig.Builder quickConfig() {
    return NatsSourceConfig.builder().outageBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  /** A message carrying {@code result}, on its {@code deliveryCount}-th delivery. */
  FakeMessage message(InvocationResult result, long deliveryCount) {
    return message(TestNats.event(result), deliveryCount);
  }

  /** A message carrying {@code data}, on its {@code deliveryCount}-th delivery. */
  FakeMessage message(byte[] data, long deliveryCount) {
    return new FakeMessage(
        "runtime.serverless.result.app", data, deliveryCount, sequence.incrementAndGet());
  }

  /** A message whose bytes are {@code text}. */
  FakeMessage message(String text, long deliveryCount) {
    return message(text.getBytes(StandardCharsets.UTF_8), deliveryCount);
  }

  /** Holds {@code message} as if a pull brought it, and hands it to the pipeline. */
  Delivery accept(FakeMessage message) {
    Delivery delivery = Delivery.of(message);
    inFlight.adopt(delivery);
    pipeline.accept(delivery);
    return delivery;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
