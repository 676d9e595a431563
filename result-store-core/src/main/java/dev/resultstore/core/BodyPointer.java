package dev.resultstore.core;

import java.util.Objects;

/**
 * Where a body kept in a {@link BodyStore} is: what the results row keeps instead of the body.
 *
 * @param bucket the bucket (or container) holding the object
 * @param key the object's key in it
 * @param size the body's size in bytes
 * @param checksum the body's checksum as {@code algorithm:hex}, e.g. {@code crc32c:1a2b3c4d}
 */
public record BodyPointer(String bucket, String key, long size, String checksum) {

  /**
   * @throws IllegalArgumentException when a text is blank or the size negative
   */
  public BodyPointer {
    requireText("bucket", bucket);
    requireText("key", key);
    requireText("checksum", checksum);
    if (size < 0) {
      throw new IllegalArgumentException("body pointer size must be >= 0, got " + size);
    }
  }

  /** {@code bucket/key}, for messages. */
  public String location() {
    return bucket + "/" + key;
  }

  private static void requireText(String name, String value) {
    if (Objects.requireNonNull(value, name).isBlank()) {
      throw new IllegalArgumentException("body pointer " + name + " must not be blank");
    }
  }
}
