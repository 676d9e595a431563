package dev.resultstore.runner;

import dev.resultstore.nats.ConnectionStatistics;
import dev.resultstore.nats.FailureClass;
import dev.resultstore.nats.SourceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The runner's meters in Prometheus naming ({@code result_store_*}; docs/operations.md lists them),
 * plus the JVM's, the NATS client's ({@link #bindConnection}) and the CQL driver's. Thread-safe:
 * every recording method is cheap and never blocks, so the source may call it from any thread.
 */
final class RunnerMetrics implements SourceListener {

  private final PrometheusMeterRegistry registry;
  private final Counter received;
  private final Counter stored;
  private final Counter redelivered;
  private final Counter expired;
  private final Counter transientRetries;
  private final Counter deadLetterFailures;
  private final Counter outages;
  private final Timer writeLatency;
  private final Timer endToEndLag;
  private final ConcurrentMap<String, Counter> deadLettered = new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Counter> pullStatuses = new ConcurrentHashMap<>();
  private volatile boolean outage;

  /** A registry with the JVM and process binders and the runner's meters. */
  RunnerMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    received = counter("result.store.received", "Result messages received from NATS");
    stored = counter("result.store.stored", "Results durably stored and acknowledged");
    redelivered =
        counter("result.store.redelivered", "Stored results whose message was a redelivery");
    expired = counter("result.store.expired", "Results already past retention, acked unstored");
    transientRetries =
        counter(
            "result.store.transient.retries", "Writes that failed transiently and were retried");
    outages = counter("result.store.outages", "Store outages that began");
    deadLetterFailures =
        counter(
            "result.store.dead.letter.failures",
            "Dead letters that could not be published in five attempts; their messages were given"
                + " back with a delay");
    writeLatency =
        Timer.builder("result.store.write.latency")
            .description("Time from receiving a message to the sink confirming the write")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    endToEndLag =
        Timer.builder("result.store.end.to.end.lag")
            .description("Time from the result's completedAt to its storage")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    // every dead-letter class exported from zero, so that a rate exists before the first one
    for (FailureClass failureClass : FailureClass.values()) {
      deadLetteredCounter(failureClass.wireName());
    }
    BuildInfo build = BuildInfo.current();
    Gauge.builder("result.store.build.info", () -> 1)
        .description("Always 1: the running version and the commit it was built from")
        .tag("version", build.version())
        .tag("commit", build.commit())
        .strongReference(true)
        .register(registry);
    Gauge.builder("result.store.outage", this, metrics -> metrics.outage ? 1 : 0)
        .description("1 while the source reports a store outage")
        .strongReference(true)
        .register(registry);
  }

  /** The registry to scrape. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  String scrape() {
    return registry.scrape();
  }

  /** Registers the gauges read from the running source and the readiness check. */
  void bindGauges(LongSupplier inFlight, LongSupplier consumerPending, BooleanSupplier ready) {
    Gauge.builder("result.store.in.flight", inFlight, supplier -> supplier.getAsLong())
        .description("Messages received and not yet acknowledged by this instance")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "result.store.consumer.pending", consumerPending, supplier -> supplier.getAsLong())
        .description("Messages the durable consumer has not delivered yet (all instances)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("result.store.ready", ready, supplier -> supplier.getAsBoolean() ? 1 : 0)
        .description("1 when NATS is connected, the consumer bound and the store reachable")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Registers the NATS client's counters of the source's connection: {@code
   * nats_client_reconnects_total}, {@code nats_client_dropped_messages_total}, messages and bytes
   * in and out, and the outgoing pending messages and bytes.
   */
  void bindConnection(Supplier<ConnectionStatistics> statistics) {
    natsCounter(
        statistics,
        "reconnects",
        null,
        "Reconnections after a lost connection",
        ConnectionStatistics::reconnects);
    natsCounter(
        statistics,
        "dropped.messages",
        null,
        "Messages the client dropped: a subscription's pending limit was reached",
        ConnectionStatistics::droppedMessages);
    natsCounter(
        statistics,
        "received.messages",
        null,
        "Messages received",
        ConnectionStatistics::inMessages);
    natsCounter(
        statistics, "sent.messages", null, "Messages sent", ConnectionStatistics::outMessages);
    natsCounter(statistics, "received", "bytes", "Bytes received", ConnectionStatistics::inBytes);
    natsCounter(statistics, "sent", "bytes", "Bytes sent", ConnectionStatistics::outBytes);
    Gauge.builder(
            "nats.client.outgoing.pending.messages",
            statistics,
            supplier -> supplier.get().outgoingPendingMessages())
        .description("Messages queued in the client, not yet written to the socket")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "nats.client.outgoing.pending",
            statistics,
            supplier -> supplier.get().outgoingPendingBytes())
        .description("Bytes queued in the client, not yet written to the socket")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  private void natsCounter(
      Supplier<ConnectionStatistics> statistics,
      String name,
      String unit,
      String description,
      ToLongFunction<ConnectionStatistics> value) {
    FunctionCounter.builder(
            "nats.client." + name, statistics, supplier -> value.applyAsLong(supplier.get()))
        .description(description)
        .baseUnit(unit)
        .register(registry);
  }

  @Override
  public void received() {
    received.increment();
  }

  @Override
  public void stored(Duration writeLatency, Duration endToEndLag, boolean redelivered) {
    stored.increment();
    if (redelivered) {
      this.redelivered.increment();
    }
    if (writeLatency != null && !writeLatency.isNegative()) {
      this.writeLatency.record(writeLatency);
    }
    if (endToEndLag != null && !endToEndLag.isNegative()) {
      this.endToEndLag.record(endToEndLag);
    }
  }

  @Override
  public void expired() {
    expired.increment();
  }

  @Override
  public void deadLettered(FailureClass failureClass) {
    deadLetteredCounter(failureClass == null ? "unknown" : failureClass.wireName()).increment();
  }

  private Counter deadLetteredCounter(String failureClass) {
    return deadLettered.computeIfAbsent(
        failureClass,
        key ->
            Counter.builder("result.store.dead.lettered")
                .description("Messages dead-lettered, by failure class")
                .tag("failure.class", key)
                .register(registry));
  }

  @Override
  public void deadLetterFailed() {
    deadLetterFailures.increment();
  }

  @Override
  public void transientRetry() {
    transientRetries.increment();
  }

  @Override
  public void outage(boolean active) {
    if (active && !outage) {
      outages.increment();
    }
    outage = active;
  }

  @Override
  public void pullStatus(int code) {
    pullStatuses
        .computeIfAbsent(
            code,
            key ->
                Counter.builder("result.store.pull.status")
                    .description(
                        "Pulls the server ended or refused with a status (408 expired, 409 a"
                            + " leadership change of the consumer and others), by status code")
                    .tag("code", Integer.toString(key))
                    .register(registry))
        .increment();
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
