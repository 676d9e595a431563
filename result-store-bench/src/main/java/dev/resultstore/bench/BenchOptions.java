package dev.resultstore.bench;

import dev.resultstore.runner.GeneratedEvents;
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
 */
record BenchOptions(
    int events,
    int bodyBytes,
    int seedEvents,
    int lookups,
    int lookupConcurrency,
    boolean keep,
    Duration stall) {

  BenchOptions {
    if (events < 1 || bodyBytes < GeneratedEvents.MIN_BODY_BYTES || seedEvents < 1) {
      throw new IllegalArgumentException("events, body bytes and seed events must be positive");
    }
    if (lookups < 1 || lookupConcurrency < 1) {
      throw new IllegalArgumentException("lookups and their concurrency must be positive");
    }
  }
}
