package dev.resultstore.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes an {@link InvocationResult} as the v1 event, as Go's {@code encoding/json} would. */
final class ResultEncoder {

  private ResultEncoder() {}

  static byte[] encode(InvocationResult result) {
    GoJsonWriter out = new GoJsonWriter(512 + (result.body() == null ? 0 : result.body().size()));
    out.ascii("{\"version\":\"").ascii(InvocationResult.WIRE_VERSION).ascii("\"");
    out.ascii(",\"invocationID\":").string(result.invocationId());
    out.ascii(",\"serverlessRequestID\":").string(result.serverlessRequestId());
    out.ascii(",\"mode\":\"").ascii(result.mode().wireValue()).ascii("\"");
    out.ascii(",\"state\":\"").ascii(result.state().wireValue()).ascii("\"");
    optional(out, ",\"failureClass\":", result.failureClass());
    optional(out, ",\"replySubject\":", result.replySubject());
    optional(out, ",\"workerName\":", result.workerName());
    optional(out, ",\"workerNamespace\":", result.workerNamespace());
    if (result.statusCode() != null) {
      out.ascii(",\"statusCode\":").ascii(Integer.toString(result.statusCode()));
    }
    optional(out, ",\"contentType\":", result.contentType());
    if (!result.headers().isEmpty()) {
      headers(out, result.headers());
    }
    if (result.body() != null) {
      out.ascii(",\"body\":").raw(result.body().array());
    }
    optional(out, ",\"error\":", result.error());
    out.ascii(",\"startedAt\":").ascii(timestamp("startedAt", result.startedAt()));
    out.ascii(",\"completedAt\":").ascii(timestamp("completedAt", result.completedAt()));
    out.ascii("}");
    return out.toByteArray();
  }

  private static void optional(GoJsonWriter out, String prefix, String value) {
    if (value != null) {
      out.ascii(prefix).string(value);
    }
  }

  /** Keys in the order of their UTF-8 bytes (code point order), as Go sorts map keys. */
  private static void headers(GoJsonWriter out, Map<String, String> headers) {
    List<String> names = new ArrayList<>(headers.keySet());
    names.sort(ResultEncoder::compareCodePoints);
    out.ascii(",\"headers\":{");
    boolean first = true;
    for (String name : names) {
      if (!first) {
        out.ascii(",");
      }
      first = false;
      out.string(name).ascii(":").string(headers.get(name));
    }
    out.ascii("}");
  }

  private static int compareCodePoints(String left, String right) {
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int a = left.codePointAt(i);
      int b = right.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Integer.compare(left.length() - i, right.length() - j);
  }

  private static String timestamp(String field, Instant instant) {
    StringBuilder text = new StringBuilder(32).append('"');
    try {
      Rfc3339.append(instant, text);
    } catch (IllegalArgumentException e) {
      throw new InvalidResultException(field, "cannot be written as RFC 3339: " + e.getMessage());
    }
    return text.append('"').toString();
  }
}
