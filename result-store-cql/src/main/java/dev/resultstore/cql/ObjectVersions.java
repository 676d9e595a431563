package dev.resultstore.cql;

import java.time.Instant;

/**
 * The version of a body in the object store: its result's {@code completedAt} as {@code <epoch
 * seconds>.<nanoseconds, 9 digits>}. A redelivery has the same one (it overwrites its object); two
 * completions of one invocation have different ones (they never share an object).
 */
final class ObjectVersions {
  private ObjectVersions() {}

  static String of(Instant completedAt) {
    return completedAt.getEpochSecond() + "." + String.format("%09d", completedAt.getNano());
  }
}
