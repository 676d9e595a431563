package dev.resultstore.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Result events in the Go wire format (v1, Go's field order, RFC 3339 times), for demos and load:
 * mostly successes with a small JSON body, some failures and timeouts, spread over a few serverless
 * applications.
 */
final class GeneratedEvents {
  private static final JsonFactory JSON = new JsonFactory();
  private static final HexFormat HEX = HexFormat.of();

  private final List<String> requestIds;
  private final Random random;

  /**
   * @param requestIds the serverless applications to spread the events over; not empty
   * @param seed makes the invocation ids and bodies reproducible
   */
  GeneratedEvents(List<String> requestIds, long seed) {
    if (requestIds.isEmpty()) {
      throw new IllegalArgumentException("at least one serverless request id is needed");
    }
    this.requestIds = List.copyOf(requestIds);
    this.random = new Random(seed);
  }

  /** The {@code index}th event, completed at {@code completedAt}. */
  Event next(int index, Instant completedAt) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    String invocationId = "inv-" + HEX.formatHex(id);
    String requestId = requestIds.get(index % requestIds.size());
    Instant startedAt = completedAt.minus(Duration.ofMillis(50 + random.nextInt(5_000)));
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("version", "v1");
      json.writeStringField("invocationID", invocationId);
      json.writeStringField("serverlessRequestID", requestId);
      json.writeStringField("mode", index % 3 == 0 ? "sync" : "async");
      boolean timeout = index % 25 == 24;
      boolean failed = !timeout && index % 10 == 9;
      if (timeout) {
        json.writeStringField("failureClass", "framework_timeout");
      } else if (!failed) {
        json.writeStringField("state", "succeeded");
      }
      json.writeStringField("workerName", "unit-" + requestId + "-" + random.nextInt(8));
      json.writeStringField("workerNamespace", "runtime-workers");
      if (timeout) {
        json.writeStringField("error", "framework invoke timed out after 300s");
      } else if (failed) {
        json.writeNumberField("statusCode", 500);
        json.writeStringField("error", "CUDA out of memory");
      } else {
        json.writeNumberField("statusCode", 200);
        json.writeStringField("contentType", "application/json");
        json.writeObjectFieldStart("body");
        json.writeStringField("output", "generated result " + index);
        json.writeNumberField("tokens", 1 + random.nextInt(2_000));
        json.writeNumberField("elapsedMs", Duration.between(startedAt, completedAt).toMillis());
        json.writeEndObject();
      }
      json.writeStringField("startedAt", startedAt.toString());
      json.writeStringField("completedAt", completedAt.toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Event(invocationId, requestId, out.toByteArray());
  }

  /** One encoded event and the fields its subject and message id are made of. */
  record Event(String invocationId, String serverlessRequestId, byte[] json) {}
}
