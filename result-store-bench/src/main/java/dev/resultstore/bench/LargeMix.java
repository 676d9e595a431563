package dev.resultstore.bench;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.nats.GeneratedEvents;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The large-body mix of {@code docs/object-store.md}: 70% of the bodies up to 4 KiB, 20% from 64
 * KiB to 1 MiB, 10% from 2 to 8 MiB (each size uniform within its band), every result succeeded.
 * Each result is a pure function of the seed and its index, its body made on each call and never
 * kept, so a run holds only the results in flight. Thread-safe.
 */
final class LargeMix {
  static final int KIB = 1024;
  static final int MIB = 1024 * KIB;

  /** The bands: share in percent, smallest and largest body. */
  static final List<Band> BANDS =
      List.of(
          new Band("small", 70, GeneratedEvents.MIN_BODY_BYTES, 4 * KIB),
          new Band("medium", 20, 64 * KIB, MIB),
          new Band("large", 10, 2 * MIB, 8 * MIB));

  private final long seed;
  private final GeneratedEvents events;

  /**
   * @param seed makes the ids and sizes unique to one run
   * @param count the number of results
   */
  LargeMix(long seed, int count, List<String> requestIds, Instant end) {
    this.seed = seed;
    this.events =
        new GeneratedEvents(
            seed,
            count,
            requestIds,
            GeneratedEvents.MIN_BODY_BYTES,
            GeneratedEvents.MIN_BODY_BYTES,
            end);
  }

  int count() {
    return events.count();
  }

  /** The band of result {@code index}. */
  Band band(long index) {
    int percent = random(index).nextInt(100);
    int upTo = 0;
    for (Band band : BANDS) {
      upTo += band.percent();
      if (percent < upTo) {
        return band;
      }
    }
    throw new IllegalStateException("the bands' shares add up to " + upTo + "%, not 100%");
  }

  /** The body size of result {@code index}. */
  int bodySize(long index) {
    Band band = band(index);
    SplittableRandom random = random(index);
    random.nextInt(100);
    return random.nextInt(band.minBytes(), band.maxBytes() + 1);
  }

  String invocationId(long index) {
    return events.invocationId(index);
  }

  /** Result {@code index}, with its body made now. */
  InvocationResult result(long index) {
    return events.result(index, bodySize(index));
  }

  private SplittableRandom random(long index) {
    return new SplittableRandom((seed + 0x632BE59BD9B4E019L) ^ (index * 0xBF58476D1CE4E5B9L));
  }

  /**
   * One band of body sizes.
   *
   * @param percent its share of the results
   */
  record Band(String name, int percent, int minBytes, int maxBytes) {}
}
