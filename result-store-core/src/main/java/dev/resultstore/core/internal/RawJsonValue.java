package dev.resultstore.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** The exact bytes of one JSON value, as the parser found them in its input. */
public final class RawJsonValue {
  private RawJsonValue() {}

  /**
   * The bytes of the value at the parser's current token in {@code json} (the array the parser
   * reads), without trailing white space; the parser is left at the value's end.
   *
   * @throws IllegalStateException when the parser's offsets do not fit {@code json}
   */
  public static byte[] copy(JsonParser parser, byte[] json) throws IOException {
    JsonToken token = parser.currentToken();
    int start = (int) parser.currentTokenLocation().getByteOffset();
    if (token.isStructStart()) {
      parser.skipChildren();
    } else {
      parser.finishToken();
    }
    int end = (int) parser.currentLocation().getByteOffset();
    while (end > start && end <= json.length && isJsonWhitespace(json[end - 1])) {
      end--;
    }
    if (start < 0 || end <= start || end > json.length) {
      throw new IllegalStateException(
          "parser reported value offsets " + start + ".." + end + " in " + json.length + " bytes");
    }
    return Arrays.copyOfRange(json, start, end);
  }

  private static boolean isJsonWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
