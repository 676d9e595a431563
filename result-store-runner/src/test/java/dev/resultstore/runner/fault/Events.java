package dev.resultstore.runner.fault;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Valid result events in the Go wire format (version {@code v1}), as the worker sidecar sends. */
final class Events {
  private Events() {}

  /** A fresh invocation id: {@code inv-} and 32 hex digits. */
  static String newInvocationId() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return "inv-" + HexFormat.of().formatHex(random);
  }

  /** The request id of the {@code index}-th event of a run: a few applications in turn. */
  static String requestId(int index) {
    return "fault-app-" + (index % 7);
  }

  /**
   * A succeeded result completed just now whose body is a JSON string of {@code bodyBytes}
   * characters (a base64 image, as an image model returns).
   */
  static byte[] large(String invocationId, String requestId, int index, int bodyBytes) {
    char[] text = new char[bodyBytes];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < bodyBytes; i++) {
      text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    Instant completed = Instant.now();
    String json =
        "{\"version\":\"v1\",\"invocationID\":\""
            + invocationId
            + "\",\"serverlessRequestID\":\""
            + requestId
            + "\",\"mode\":\"async\",\"state\":\"succeeded\",\"workerName\":\"worker-"
            + index % 5
            + "\",\"statusCode\":200,\"contentType\":\"application/json\",\"body\":\""
            + new String(text)
            + "\",\"startedAt\":\""
            + completed.minusSeconds(2)
            + "\",\"completedAt\":\""
            + completed
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** A succeeded (or, every 10th, failed) async result completed just now. */
  static byte[] valid(String invocationId, String requestId, int index) {
    Instant completed = Instant.now();
    Instant started = completed.minusMillis(250 + index % 1000);
    boolean failed = index % 10 == 9;
    StringBuilder json = new StringBuilder(512);
    json.append("{\"version\":\"v1\"")
        .append(",\"invocationID\":\"")
        .append(invocationId)
        .append("\",\"serverlessRequestID\":\"")
        .append(requestId)
        .append("\",\"mode\":\"")
        .append(index % 3 == 0 ? "sync" : "async")
        .append("\",\"state\":\"")
        .append(failed ? "failed" : "succeeded")
        .append('"');
    if (failed) {
      json.append(",\"failureClass\":\"framework_error\"");
    }
    json.append(",\"workerName\":\"worker-")
        .append(index % 5)
        .append("\",\"workerNamespace\":\"runtime-workers\"")
        .append(",\"statusCode\":")
        .append(failed ? 500 : 200)
        .append(",\"contentType\":\"application/json\"")
        .append(",\"headers\":{\"content-type\":\"application/json\",\"x-index\":\"")
        .append(index)
        .append("\"}")
        .append(",\"body\":{\"index\":")
        .append(index)
        .append(",\"text\":\"result number ")
        .append(index)
        .append("\",\"tokens\":[1,2,3]}");
    if (failed) {
      json.append(",\"error\":\"framework returned 500\"");
    }
    json.append(",\"startedAt\":\"")
        .append(started)
        .append("\",\"completedAt\":\"")
        .append(completed)
        .append("\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
