package dev.resultstore.s3;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The checksum kept in the body pointer: CRC-32C ({@code crc32c:} and 8 hex digits), computed by
 * the JDK with the CPU's CRC instructions, so a multi-MiB body costs well under a millisecond.
 */
final class BodyChecksum {
  static final String PREFIX = "crc32c:";

  private BodyChecksum() {}

  static String of(ByteBuffer body) {
    CRC32C crc = new CRC32C();
    crc.update(body.duplicate());
    return format(crc.getValue());
  }

  static String format(long value) {
    return PREFIX + String.format("%08x", value);
  }
}
