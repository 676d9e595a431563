package dev.resultstore.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 validation: no overlong forms, no encoded surrogates, no truncated sequences. */
final class Utf8Validator {
  private static final int CHUNK_CHARS = 4096;

  private Utf8Validator() {}

  /**
   * Checks that all of {@code bytes} is valid UTF-8.
   *
   * @throws InvalidResultException naming the byte offset of the first malformed sequence
   */
  static void check(byte[] bytes) {
    int start = 0;
    while (start < bytes.length && bytes[start] >= 0) {
      start++;
    }
    if (start == bytes.length) {
      return; // all ASCII, the common case
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(Math.min(CHUNK_CHARS, bytes.length - start + 1));
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw malformed(bytes, in.position(), result.length());
      }
      if (result.isOverflow()) {
        out.clear();
        continue;
      }
      out.clear();
      result = decoder.flush(out);
      if (result.isError()) {
        throw malformed(bytes, in.position(), result.length());
      }
      return;
    }
  }

  private static InvalidResultException malformed(byte[] bytes, int offset, int length) {
    StringBuilder sequence = new StringBuilder();
    for (int i = offset; i < Math.min(bytes.length, offset + length); i++) {
      if (sequence.length() > 0) {
        sequence.append(' ');
      }
      sequence.append(String.format("0x%02X", bytes[i] & 0xFF));
    }
    return new InvalidResultException(
        null,
        "is not valid UTF-8: malformed byte sequence " + sequence + " at byte offset " + offset);
  }
}
