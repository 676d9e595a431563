package dev.resultstore.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON into a growing byte array the way Go's {@code encoding/json} does. Strings are
 * HTML-safe: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 become Unicode escapes (backslash,
 * {@code u}, four lower-case hex digits); {@code " \\ \b \f \n \r \t} use their short escapes;
 * other control characters below U+0020 become Unicode escapes; an unpaired surrogate becomes the
 * escape of U+FFFD (Go's replacement for invalid UTF-8); everything else is written as UTF-8. Not
 * thread-safe.
 */
final class GoJsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buffer;
  private int length;

  GoJsonWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  /** Appends ASCII text as it is; the caller guarantees that it needs no escaping. */
  GoJsonWriter ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buffer[length++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Appends bytes as they are (a raw JSON value). */
  GoJsonWriter raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
    return this;
  }

  /** Appends {@code text} as a quoted, escaped JSON string. */
  GoJsonWriter string(String text) {
    ensure(text.length() + 2);
    buffer[length++] = '"';
    int count = text.length();
    for (int i = 0; i < count; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
          ensure(1);
          buffer[length++] = (byte) c;
        } else {
          escapeAscii(c);
        }
      } else if (c < 0x800) {
        ensure(2);
        buffer[length++] = (byte) (0xC0 | (c >> 6));
        buffer[length++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < count
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        ensure(4);
        buffer[length++] = (byte) (0xF0 | (codePoint >> 18));
        buffer[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        buffer[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        buffer[length++] = (byte) (0x80 | (codePoint & 0x3F));
      } else if (Character.isSurrogate(c)) {
        ascii("\\ufffd");
      } else if (c == '\u2028' || c == '\u2029') {
        ascii(c == '\u2028' ? "\\u2028" : "\\u2029");
      } else {
        ensure(3);
        buffer[length++] = (byte) (0xE0 | (c >> 12));
        buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buffer[length++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    ensure(1);
    buffer[length++] = '"';
    return this;
  }

  /** A copy of what was written. */
  byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  private void escapeAscii(char c) {
    ensure(6);
    buffer[length++] = '\\';
    switch (c) {
      case '"', '\\' -> buffer[length++] = (byte) c;
      case '\b' -> buffer[length++] = 'b';
      case '\f' -> buffer[length++] = 'f';
      case '\n' -> buffer[length++] = 'n';
      case '\r' -> buffer[length++] = 'r';
      case '\t' -> buffer[length++] = 't';
      default -> {
        buffer[length++] = 'u';
        buffer[length++] = '0';
        buffer[length++] = '0';
        buffer[length++] = HEX[c >> 4];
        buffer[length++] = HEX[c & 0xF];
      }
    }
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
