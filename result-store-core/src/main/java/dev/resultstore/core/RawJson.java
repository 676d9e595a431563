package dev.resultstore.core;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value kept as the exact UTF-8 bytes it arrived in: whitespace, escapes and number
 * spellings are preserved, so storing and re-encoding it is byte-identical.
 *
 * <p>The bytes are copied in and out; the value is immutable. Whether the bytes are valid JSON is
 * checked by the codec that produced them, not here.
 */
public final class RawJson {
  private final byte[] bytes;

  private RawJson(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}; they must be one complete JSON value in UTF-8. */
  public static RawJson of(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("a raw JSON value needs at least one byte");
    }
    return new RawJson(bytes.clone());
  }

  /**
   * A copy of the remaining bytes of {@code buffer} (its position is left as it is).
   *
   * @throws IllegalArgumentException when no byte remains
   */
  public static RawJson of(ByteBuffer buffer) {
    if (buffer == null || !buffer.hasRemaining()) {
      throw new IllegalArgumentException("a raw JSON value needs at least one byte");
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return new RawJson(bytes);
  }

  /** The UTF-8 bytes of {@code json}. */
  public static RawJson of(String json) {
    return of(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps bytes the caller promises never to modify (no copy). */
  static RawJson wrap(byte[] bytes) {
    return new RawJson(bytes);
  }

  /** The bytes themselves, for this package's writers; never modify them. */
  byte[] array() {
    return bytes;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The bytes as a read-only buffer, without copying. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** The bytes as a stream, without copying. */
  public InputStream openStream() {
    return new ByteArrayInputStream(bytes);
  }

  /** Size in bytes. */
  public int size() {
    return bytes.length;
  }

  /** The JSON text. */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
