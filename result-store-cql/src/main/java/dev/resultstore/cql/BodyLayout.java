package dev.resultstore.cql;

import dev.resultstore.core.InvocationResult;
import java.nio.ByteBuffer;

/**
 * Where a result's body goes: in the object store when one is configured and the body is over its
 * threshold; else inline in the results row when it is at most {@code maxInlineBodyBytes}; else in
 * chunks of {@code chunkBytes} (the last one smaller). The chunks are views of one copy of the
 * body, never copied again.
 */
final class BodyLayout {
  /** The threshold passed when there is no object store: no body goes there. */
  static final long NO_OBJECT_STORE = Long.MAX_VALUE;

  private final byte[] bytes;
  private final boolean inline;
  private final boolean object;
  private final int chunkBytes;
  private final int chunkCount;

  private BodyLayout(byte[] bytes, boolean inline, boolean object, int chunkBytes, int chunkCount) {
    this.bytes = bytes;
    this.inline = inline;
    this.object = object;
    this.chunkBytes = chunkBytes;
    this.chunkCount = chunkCount;
  }

  static BodyLayout of(InvocationResult result, int maxInlineBodyBytes, int chunkBytes) {
    return of(result, maxInlineBodyBytes, chunkBytes, NO_OBJECT_STORE);
  }

  /**
   * @param objectThresholdBytes the largest body kept in CQL; {@link #NO_OBJECT_STORE} without an
   *     object store
   */
  static BodyLayout of(
      InvocationResult result, int maxInlineBodyBytes, int chunkBytes, long objectThresholdBytes) {
    if (result.body() == null) {
      return new BodyLayout(null, false, false, chunkBytes, 0);
    }
    byte[] bytes = result.body().toByteArray();
    if (bytes.length > objectThresholdBytes) {
      return new BodyLayout(bytes, false, true, chunkBytes, 0);
    }
    if (bytes.length <= maxInlineBodyBytes) {
      return new BodyLayout(bytes, true, false, chunkBytes, 0);
    }
    int count = (int) ((bytes.length + (long) chunkBytes - 1) / chunkBytes);
    return new BodyLayout(bytes, false, false, chunkBytes, count);
  }

  /** The value of {@code body_inline}: the body when it is inline, else {@code null}. */
  ByteBuffer inline() {
    return inline ? ByteBuffer.wrap(bytes) : null;
  }

  /** The value of {@code body_bytes}: the size of the whole body, 0 when there is none. */
  long size() {
    return bytes == null ? 0 : bytes.length;
  }

  /** The value of {@code body_chunks}: 0 when the body is inline, in the object store or absent. */
  int chunkCount() {
    return chunkCount;
  }

  /** Whether the body goes to the object store. */
  boolean inObjectStore() {
    return object;
  }

  /**
   * The value of {@code body_truncated}: {@code true} when the body is not in the row (what the Go
   * reader expects of a body it cannot show).
   */
  boolean truncated() {
    return chunkCount > 0 || object;
  }

  /** The whole body, for the object store. */
  ByteBuffer whole() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** Chunk {@code index}, from 0 to {@code chunkCount() - 1}. */
  ByteBuffer chunk(int index) {
    int offset = index * chunkBytes;
    int length = Math.min(chunkBytes, bytes.length - offset);
    return ByteBuffer.wrap(bytes, offset, length).slice();
  }
}
