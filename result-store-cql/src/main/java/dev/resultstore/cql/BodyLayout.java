package dev.resultstore.cql;

import dev.resultstore.core.InvocationResult;
import java.nio.ByteBuffer;

/**
 * Where a result's body goes: inline in the results row when it is at most {@code
 * maxInlineBodyBytes}, else in chunks of {@code chunkBytes} (the last one smaller). The inline
 * value and the chunks are read-only views of the result's own body: never copied (a held 1 MB
 * result used to cost a third megabyte here).
 */
final class BodyLayout {
  private final ByteBuffer bytes;
  private final boolean inline;
  private final int chunkBytes;
  private final int chunkCount;

  private BodyLayout(ByteBuffer bytes, boolean inline, int chunkBytes, int chunkCount) {
    this.bytes = bytes;
    this.inline = inline;
    this.chunkBytes = chunkBytes;
    this.chunkCount = chunkCount;
  }

  static BodyLayout of(InvocationResult result, int maxInlineBodyBytes, int chunkBytes) {
    if (result.body() == null) {
      return new BodyLayout(null, false, chunkBytes, 0);
    }
    ByteBuffer bytes = result.body().asReadOnlyBuffer();
    int size = bytes.remaining();
    if (size <= maxInlineBodyBytes) {
      return new BodyLayout(bytes, true, chunkBytes, 0);
    }
    int count = (int) ((size + (long) chunkBytes - 1) / chunkBytes);
    return new BodyLayout(bytes, false, chunkBytes, count);
  }

  /** The value of {@code body_inline}: the body when it is inline, else {@code null}. */
  ByteBuffer inline() {
    return inline ? bytes.duplicate() : null;
  }

  /** The value of {@code body_bytes}: the size of the whole body, 0 when there is none. */
  long size() {
    return bytes == null ? 0 : bytes.remaining();
  }

  /** The value of {@code body_chunks}: 0 when the body is inline or absent. */
  int chunkCount() {
    return chunkCount;
  }

  /** Chunk {@code index}, from 0 to {@code chunkCount() - 1}. */
  ByteBuffer chunk(int index) {
    int offset = index * chunkBytes;
    int length = Math.min(chunkBytes, bytes.remaining() - offset);
    return bytes.duplicate().position(offset).limit(offset + length).slice();
  }
}
