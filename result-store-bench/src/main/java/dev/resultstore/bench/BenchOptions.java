package dev.resultstore.bench;

import dev.resultstore.nats.GeneratedEvents;
import java.net.URI;
import java.time.Duration;

/**
 * How much the bench does.
 *
 * @param events result events published and stored by "ours", "ceiling" and "store direct"
 * @param bodyBytes the size of a normal body
 * @param seedEvents events of the seed loop (its rate is steady after a few hundred)
 * @param lookups lookups per way (reader and plain SELECT) in each phase of the lookup step
 *     (latency, cost), after an untimed warm-up of as many (at most 20000) of the same ids each way
 * @param lookupConcurrency lookups in flight
 * @param keep keep the bench's streams and keyspaces instead of deleting them
 * @param stall fail a step when it makes no progress for this long
 * @param waits concurrent waits of the "waits" step; 0 skips it
 * @param largeMixEvents results of the large-body mix, stored each way; 0 skips it
 * @param natsMonitor the NATS server's HTTP monitor, to count the waiter's subscriptions
 */
record BenchOptions(
    int events,
    int bodyBytes,
    int seedEvents,
    int lookups,
    int lookupConcurrency,
    boolean keep,
    Duration stall,
    int waits,
    int largeMixEvents,
    URI natsMonitor) {

  /** The default NATS monitor port. */
  static final int MONITOR_PORT = 8222;

  /** Without the waits and the large mix (0 each), the monitor at its default local address. */
  BenchOptions(
      int events,
      int bodyBytes,
      int seedEvents,
      int lookups,
      int lookupConcurrency,
      boolean keep,
      Duration stall) {
    this(
        events,
        bodyBytes,
        seedEvents,
        lookups,
        lookupConcurrency,
        keep,
        stall,
        0,
        0,
        URI.create("http://127.0.0.1:" + MONITOR_PORT));
  }

  BenchOptions {
    if (events < 1 || bodyBytes < GeneratedEvents.MIN_BODY_BYTES || seedEvents < 1) {
      throw new IllegalArgumentException("events, body bytes and seed events must be positive");
    }
    if (lookups < 1 || lookupConcurrency < 1) {
      throw new IllegalArgumentException("lookups and their concurrency must be positive");
    }
    if (waits < 0 || largeMixEvents < 0) {
      throw new IllegalArgumentException("waits and large-mix events must not be negative");
    }
  }
}
