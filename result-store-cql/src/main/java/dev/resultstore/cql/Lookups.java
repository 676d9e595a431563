package dev.resultstore.cql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * Where lookup rows live: the time bucket of a {@code completedAt} (the start of its fixed-length
 * interval since the epoch) and the shard of an invocation id (CRC-32 of its UTF-8 bytes modulo the
 * shard count: stable across processes and releases).
 */
final class Lookups {
  private final long bucketMillis;
  private final int shards;

  Lookups(Duration bucket, int shards) {
    this.bucketMillis = bucket.toMillis();
    this.shards = shards;
  }

  /** The start of the bucket holding {@code epochMillis}. */
  long bucketStart(long epochMillis) {
    return Math.floorDiv(epochMillis, bucketMillis) * bucketMillis;
  }

  /** {@link #bucketStart(long)} as an instant, the value of a {@code bucket} column. */
  Instant bucket(long epochMillis) {
    return Instant.ofEpochMilli(bucketStart(epochMillis));
  }

  long bucketMillis() {
    return bucketMillis;
  }

  int shards() {
    return shards;
  }

  /** The shard of {@code invocationId}, from 0 to {@code shards - 1}. */
  int shard(String invocationId) {
    CRC32 crc = new CRC32();
    crc.update(invocationId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }

  /** {@code instant} in milliseconds, rounded down (the value of a CQL {@code timestamp}). */
  static long floorMillis(Instant instant) {
    return instant.toEpochMilli();
  }

  /** The first millisecond not before {@code instant}: {@code instant} rounded up. */
  static long ceilMillis(Instant instant) {
    long floor = instant.toEpochMilli();
    return instant.getNano() % 1_000_000 == 0 ? floor : floor + 1;
  }
}
