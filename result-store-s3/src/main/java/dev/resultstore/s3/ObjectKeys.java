package dev.resultstore.s3;

import java.nio.charset.StandardCharsets;

/**
 * The object key of a body version: {@code <prefix><invocation id>/<version>}. The invocation id is
 * percent-encoded except for ASCII letters, digits, {@code -} and {@code _}, so any id (slashes,
 * dots, non-ASCII) makes one key segment and two ids never share a key.
 */
final class ObjectKeys {
  /** The longest key S3 accepts, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 1024;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String prefix;

  ObjectKeys(String prefix) {
    this.prefix = prefix;
  }

  /** The key of {@code version} of {@code invocationId}'s body. */
  String key(String invocationId, String version) {
    return directory(invocationId) + version;
  }

  /** What the keys of every version of {@code invocationId}'s body start with. */
  String directory(String invocationId) {
    return prefix + encode(invocationId) + "/";
  }

  static String encode(String invocationId) {
    StringBuilder encoded = new StringBuilder(invocationId.length() + 8);
    for (byte b : invocationId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return encoded.toString();
  }
}
