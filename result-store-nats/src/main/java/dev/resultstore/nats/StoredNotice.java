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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The payload of a commit notification: the stored result's summary as {@link SummaryJson} writes
 * it, plus {@code committedAt}, when the runner saw the write complete (RFC 3339, as Go writes it).
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
          Instant.parse(fields.get("startedAt")),
          Instant.parse(fields.get("completedAt")));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
