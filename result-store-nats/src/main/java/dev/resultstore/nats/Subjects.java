package dev.resultstore.nats;

import dev.resultstore.core.InvocationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The subjects of the contract and the rules NATS puts on subjects and JetStream names. */
final class Subjects {
  /** The stand-in for a request id that cannot be read or is not one valid subject token. */
  static final String UNKNOWN = "unknown";

  private static final int MAX_NAME_LENGTH = 255;

  private Subjects() {}

  /** The subject filter of the result events: {@code <prefix>.result.*}. */
  static String resultFilter(String prefix) {
    return prefix + ".result.*";
  }

  /** The subject of the result events of one request: {@code <prefix>.result.<token>}. */
  static String resultSubject(String prefix, String requestIdToken) {
    return prefix + ".result." + requestIdToken;
  }

  /**
   * A subject pattern that captures every dead letter of results: {@code <prefix>.dlq.result.*}.
   */
  static String deadLetterFilter(String prefix) {
    return prefix + ".dlq.result.*";
  }

  /**
   * The core NATS subject of a commit notification: {@code <prefix>.stored.<requestID>}, outside
   * the stream's subjects (nothing is kept).
   */
  static String storedSubject(String prefix, String requestIdToken) {
    return prefix + ".stored." + requestIdToken;
  }

  /** Every commit notification: {@code <prefix>.stored.*}. */
  static String storedFilter(String prefix) {
    return prefix + ".stored.*";
  }

  /** The five subject families of the contract's stream. */
  static List<String> streamSubjects(String prefix) {
    return List.of(
        prefix + ".invoke.*",
        prefix + ".dispatch.*.*",
        prefix + ".result.*",
        prefix + ".metrics.*",
        prefix + ".dlq.*.*");
  }

  /** {@code <prefix>.dlq.result.<token>}, {@code token} being a valid token or {@link #UNKNOWN}. */
  static String deadLetterSubject(String prefix, String requestIdToken) {
    return prefix + ".dlq.result." + requestIdToken;
  }

  /**
   * The request id a dead letter is filed under: the one read from the event when it is a valid
   * subject token, else the last token of the subject it arrived on when valid, else {@link
   * #UNKNOWN}.
   */
  static String deadLetterToken(String requestIdFromEvent, String originalSubject) {
    if (isValidToken(requestIdFromEvent) && fitsInDeadLetter(requestIdFromEvent)) {
      return requestIdFromEvent;
    }
    if (originalSubject != null) {
      String last = originalSubject.substring(originalSubject.lastIndexOf('.') + 1);
      if (isValidToken(last) && fitsInDeadLetter(last)) {
        return last;
      }
    }
    return UNKNOWN;
  }

  /**
   * Whether {@code token} is short enough to name a dead letter: at most {@link
   * InvocationResult#MAX_ID_BYTES} UTF-8 bytes. A longer one (only poison has one) would make the
   * dead letter's subject or message id too long for the server, and the dead letter, which must be
   * published before the original is terminated, could never be published.
   */
  static boolean fitsInDeadLetter(String token) {
    return token.length() <= InvocationResult.MAX_ID_BYTES
        && token.getBytes(StandardCharsets.UTF_8).length <= InvocationResult.MAX_ID_BYTES;
  }

  /**
   * One literal subject token: not empty, no {@code .}, {@code *} or {@code >}, no white space or
   * control characters.
   */
  static boolean isValidToken(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.'
          || c == '*'
          || c == '>'
          || Character.isWhitespace(c)
          || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  /** A literal subject (no wildcards) made of valid tokens, such as {@code runtime.serverless}. */
  static boolean isValidLiteralSubject(String subject) {
    if (subject == null || subject.isEmpty()) {
      return false;
    }
    for (String token : subject.split("\\.", -1)) {
      if (!isValidToken(token)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A valid stream or durable consumer name: 1 to 255 characters, none of them white space, a
   * control character, {@code .}, {@code *}, {@code >}, {@code /} or {@code \}.
   */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return false;
      }
    }
    return isValidToken(name);
  }

  /**
   * Whether every subject that {@code filter} matches is also matched by {@code pattern}: e.g.
   * {@code a.>} and {@code a.*.*} cover {@code a.result.*}, {@code a.result.x} does not.
   */
  static boolean covers(String pattern, String filter) {
    String[] p = pattern.split("\\.", -1);
    String[] f = filter.split("\\.", -1);
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals(">")) {
        return f.length > i;
      }
      if (i >= f.length) {
        return false;
      }
      if (f[i].equals(">")) {
        return false;
      }
      if (!p[i].equals("*") && !p[i].equals(f[i])) {
        return false;
      }
    }
    return p.length == f.length;
  }

  /** Whether one of {@code patterns} covers {@code filter}; see {@link #covers(String, String)}. */
  static boolean anyCovers(List<String> patterns, String filter) {
    if (patterns == null) {
      return false;
    }
    for (String pattern : patterns) {
      if (pattern != null && covers(pattern, filter)) {
        return true;
      }
    }
    return false;
  }
}
