package dev.resultstore.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.internal.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The payload of a commit notification: the stored result's summary as {@link SummaryJson} writes
 * it, plus {@code committedAt}, when the runner saw the write complete (RFC 3339, as Go writes it).
 *
 * <p>Decoding runs on the waiter's dispatcher thread for every notification of the subjects: {@link
 * #invocationId} reads the id alone (the first field), so that a notification nobody waits for
 * costs little.
 */
final class StoredNotice {
  private static final JsonFactory JSON = new JsonFactory();

  private StoredNotice() {}

  static byte[] toJson(ResultSummary summary, Instant committedAt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      SummaryJson.writeFields(json, summary);
      json.writeStringField("committedAt", ResultCodec.formatTimestamp(committedAt));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a sample notification as a waiter decodes each one, so that the classes of the decoder
   * are loaded and initialized before the first real notification: on the dispatcher thread that
   * took tens of milliseconds on a busy machine, and every notification of the burst waited behind
   * it. Returns whether the sample decoded to itself.
   */
  static boolean warmUp() {
    ResultSummary sample =
        new ResultSummary(
            "inv-warm-up",
            "warm-up",
            InvocationMode.ASYNC,
            InvocationState.SUCCEEDED,
            null,
            200,
            "worker",
            "namespace",
            1,
            null,
            Instant.parse("2026-01-01T00:00:00.000000001Z"),
            Instant.parse("2026-01-01T00:00:01.5Z"));
    byte[] payload = toJson(sample, Instant.EPOCH);
    return sample.invocationId().equals(invocationId(payload))
        && sample.equals(summary(fields(payload)));
  }

  /**
   * The {@code invocationID} of a payload, reading no further than that field; {@code null} when it
   * has none or is not a JSON object.
   */
  static String invocationId(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return null;
    }
    try (JsonParser json = JSON.createParser(payload)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if ("invocationID".equals(name)) {
          return value == JsonToken.VALUE_STRING ? json.getText() : null;
        }
        json.skipChildren();
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** The fields of a payload, scalars as text; empty when it is not a JSON object. */
  static Map<String, String> fields(byte[] payload) {
    Map<String, String> fields = new HashMap<>();
    if (payload == null || payload.length == 0) {
      return fields;
    }
    try (JsonParser json = JSON.createParser(payload)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return fields;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          fields.put(name, json.getText());
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      fields.clear();
    }
    return fields;
  }

  /**
   * The summary in a payload's fields; {@code null} when it has none (a notification with the id
   * only: the waiter reads the store instead).
   */
  static ResultSummary summary(Map<String, String> fields) {
    try {
      String statusCode = fields.get("statusCode");
      return new ResultSummary(
          fields.get("invocationID"),
          fields.get("serverlessRequestID"),
          InvocationMode.fromWire(fields.get("mode")),
          InvocationState.fromWire(fields.get("state")),
          fields.get("failureClass"),
          statusCode == null ? null : Integer.valueOf(statusCode),
          fields.get("workerName"),
          fields.get("workerNamespace"),
          Long.parseLong(fields.get("bodyBytes")),
          fields.get("error"),
          instant(fields.get("startedAt")),
          instant(fields.get("completedAt")));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * An RFC 3339 instant as the wire writes it, read by the codec's reader.
   *
   * @throws DateTimeException when {@code text} is null or not an RFC 3339 timestamp
   */
  static Instant instant(String text) {
    return ResultCodec.parseTimestamp(text)
        .orElseThrow(() -> new DateTimeException("not an RFC 3339 timestamp: " + text));
  }
}
