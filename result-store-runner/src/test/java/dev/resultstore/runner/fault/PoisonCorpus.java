package dev.resultstore.runner.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hostile input for scenario 4: messages that must be dead-lettered ({@link #bad()}, each with the
 * field its reason names, when one does) and messages that look odd but are valid by the contract
 * and must be stored whole ({@link #oddButValid()}).
 */
final class PoisonCorpus {
  /**
   * One message of the corpus.
   *
   * @param kind a short name, e.g. {@code truncated-json}
   * @param requestId the subject token it is published under
   * @param invocationId the id it must be stored under (odd-but-valid only), else {@code null}
   * @param payload the exact bytes
   */
  record Case(String kind, String requestId, String invocationId, byte[] payload) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = "fault-poison";

  private PoisonCorpus() {}

  /** At least 20 kinds of bad input; every one must end as one {@code malformed_message}. */
  static List<Case> bad() {
    List<Case> cases = new ArrayList<>();
    byte[] valid = json(event -> {});
    cases.add(bad("empty-message", new byte[0]));
    cases.add(bad("whitespace-only", utf8(" \n\t \r\n")));
    cases.add(bad("not-json", utf8("this is not JSON, it is a sentence")));
    cases.add(bad("truncated-json", java.util.Arrays.copyOf(valid, valid.length / 2)));
    cases.add(bad("top-level-array", utf8("[" + new String(valid, StandardCharsets.UTF_8) + "]")));
    cases.add(bad("top-level-null", utf8("null")));
    cases.add(bad("top-level-string", utf8("\"v1\"")));
    cases.add(
        bad(
            "invalid-utf8",
            replace(valid, "worker-poison", new byte[] {'w', (byte) 0xC3, 0x28, 'x'})));
    cases.add(
        bad(
            "overlong-utf8",
            replace(valid, "worker-poison", new byte[] {(byte) 0xC0, (byte) 0xAF})));
    cases.add(
        bad("byte-order-mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid)));
    cases.add(bad("trailing-garbage", concat(valid, utf8(" and then some"))));
    cases.add(
        bad(
            "nul-bytes-between-tokens",
            replace(valid, ",\"mode\"", new byte[] {',', 0, 0, '"', 'm', 'o', 'd', 'e', '"'})));
    cases.add(bad("invalid-escape", replace(valid, "worker-poison", utf8("worker\\x41"))));
    cases.add(bad("missing-version", json(event -> event.remove("version"))));
    cases.add(bad("null-version", json(event -> event.putNull("version"))));
    cases.add(bad("wrong-version", json(event -> event.put("version", "v2"))));
    cases.add(bad("missing-invocation-id", json(event -> event.remove("invocationID"))));
    cases.add(bad("invocation-id-is-a-number", json(event -> event.put("invocationID", 12345))));
    cases.add(
        bad(
            "huge-invocation-id",
            json(event -> event.put("invocationID", "inv-" + "a".repeat(100_000)))));
    cases.add(
        bad(
            "control-characters-in-id",
            json(event -> event.put("invocationID", "inv-\u0001\u0007\u001b[31m"))));
    cases.add(bad("blank-invocation-id", json(event -> event.put("invocationID", "   "))));
    cases.add(
        bad(
            "request-id-not-one-token",
            json(event -> event.put("serverlessRequestID", "app.with dots"))));
    cases.add(
        bad("huge-request-id", json(event -> event.put("serverlessRequestID", "r".repeat(1000)))));
    // longer than a NATS protocol line (4 KiB) if it became a subject token
    cases.add(
        bad(
            "request-id-of-5000-bytes",
            json(event -> event.put("serverlessRequestID", "q".repeat(5000)))));
    cases.add(bad("missing-mode", json(event -> event.remove("mode"))));
    cases.add(bad("wrong-mode", json(event -> event.put("mode", "batch"))));
    cases.add(bad("mode-is-a-boolean", json(event -> event.put("mode", true))));
    cases.add(bad("unknown-state", json(event -> event.put("state", "exploded"))));
    cases.add(bad("status-code-is-a-string", json(event -> event.put("statusCode", "200"))));
    cases.add(bad("status-code-is-a-fraction", json(event -> event.put("statusCode", 200.5))));
    cases.add(
        bad("status-code-overflows-int", json(event -> event.put("statusCode", 99_999_999_999L))));
    cases.add(
        bad("completed-at-not-a-timestamp", json(event -> event.put("completedAt", "yesterday"))));
    cases.add(
        bad("completed-at-is-a-number", json(event -> event.put("completedAt", 1_700_000_000))));
    cases.add(
        bad(
            "started-at-out-of-range",
            json(event -> event.put("startedAt", "2026-13-45T99:99:99Z"))));
    cases.add(
        bad("headers-is-an-array", json(event -> event.putArray("headers").add("a").add("b"))));
    cases.add(
        bad(
            "headers-nested-garbage",
            json(
                event ->
                    event
                        .putObject("headers")
                        .putObject("a")
                        .putArray("b")
                        .add(1)
                        .addObject()
                        .putNull("c"))));
    // Go's decoder (and ours) nest up to 10000 deep
    cases.add(
        bad(
            "body-nested-20000-deep",
            replace(valid, "{\"ok\":true}", utf8("[".repeat(20_000) + "]".repeat(20_000)))));
    return List.copyOf(cases);
  }

  /** Odd but valid by the contract: each must be stored under its invocation id. */
  static List<Case> oddButValid() {
    List<Case> cases = new ArrayList<>();
    cases.add(
        valid(
            "header-map-of-1-mib",
            event -> {
              ObjectNode headers = event.putObject("headers");
              for (int i = 0; i < 1024; i++) {
                headers.put("x-header-" + i, "v".repeat(1024));
              }
            }));
    cases.add(valid("body-of-2-mib", event -> event.put("body", "b".repeat(2 * 1024 * 1024))));
    String deep = Events.newInvocationId();
    byte[] deepEvent = json(event -> event.put("invocationID", deep));
    cases.add(
        new Case(
            "body-nested-5000-deep",
            REQUEST,
            deep,
            replace(deepEvent, "{\"ok\":true}", utf8("[".repeat(5000) + "]".repeat(5000)))));
    cases.add(
        valid(
            "unknown-fields-and-nulls",
            event -> {
              event.putObject("futureField").putArray("nested").addObject().put("deep", "garbage");
              event.putNull("workerName");
              event.putNull("statusCode");
              event.putNull("headers");
              event.putNull("body");
            }));
    cases.add(
        valid(
            "unknown-start-and-no-completion",
            event -> {
              event.put("startedAt", "0001-01-01T00:00:00Z");
              event.remove("completedAt");
            }));
    cases.add(
        valid(
            "unicode-and-escapes",
            event -> {
              event.put("workerName", "wörker-✓-\uD83D\uDE80");
              event.put("error", "quote \" backslash \\ tab \t newline \n");
              event.put("body", "\u0000\u001f control characters in a body string are fine");
            }));
    return List.copyOf(cases);
  }

  private static Case bad(String kind, byte[] payload) {
    return new Case(kind, REQUEST, null, payload);
  }

  private static Case valid(String kind, Consumer<ObjectNode> change) {
    String id = Events.newInvocationId();
    return new Case(
        kind,
        REQUEST,
        id,
        json(
            event -> {
              event.put("invocationID", id);
              change.accept(event);
            }));
  }

  /** A valid event, changed by {@code change}. */
  private static byte[] json(Consumer<ObjectNode> change) {
    ObjectNode event = JSON.createObjectNode();
    Instant now = Instant.now();
    event.put("version", "v1");
    event.put("invocationID", Events.newInvocationId());
    event.put("serverlessRequestID", REQUEST);
    event.put("mode", "async");
    event.put("state", "succeeded");
    event.put("workerName", "worker-poison");
    event.put("workerNamespace", "runtime-workers");
    event.put("statusCode", 200);
    event.put("contentType", "application/json");
    event.putObject("headers").put("content-type", "application/json");
    event.putObject("body").put("ok", true);
    event.put("startedAt", now.minusSeconds(1).toString());
    event.put("completedAt", now.toString());
    change.accept(event);
    try {
      return JSON.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    out.writeBytes(second);
    return out.toByteArray();
  }

  /** {@code source} with the first occurrence of {@code marker} replaced by {@code bytes}. */
  private static byte[] replace(byte[] source, String marker, byte[] bytes) {
    String text = new String(source, StandardCharsets.UTF_8);
    int at = text.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException("no " + marker + " in " + text);
    }
    byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] after = text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
    return concat(concat(before, bytes), after);
  }
}
