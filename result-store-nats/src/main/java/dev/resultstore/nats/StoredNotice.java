package dev.resultstore.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The payload of a commit notification: the stored result's summary in the v1 event's field names
 * ({@code invocationID}, {@code serverlessRequestID}, {@code mode}, {@code state}, {@code
 * failureClass}, {@code statusCode}, {@code workerName}, {@code workerNamespace}, {@code
 * bodyBytes}, {@code error}, {@code startedAt}, {@code completedAt}; absent optional fields left
 * out) plus {@code committedAt}, when the runner saw the write complete. Instants in RFC 3339.
 *
 * <p>Decoding runs on the waiter's dispatcher thread for every notification of the subjects: {@link
 * #invocationId} reads the id alone (the first field), so that a notification nobody waits for
 * costs little, and the instants are read without a {@code DateTimeFormatter} when they are in the
 * form {@link Instant#toString()} writes.
 */
final class StoredNotice {
  private static final JsonFactory JSON = new JsonFactory();

  private StoredNotice() {}

  static byte[] toJson(ResultSummary summary, Instant committedAt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("invocationID", summary.invocationId());
      json.writeStringField("serverlessRequestID", summary.serverlessRequestId());
      json.writeStringField("mode", summary.mode().wireValue());
      json.writeStringField("state", summary.state().wireValue());
      writeIfSet(json, "failureClass", summary.failureClass());
      if (summary.statusCode() != null) {
        json.writeNumberField("statusCode", summary.statusCode());
      }
      writeIfSet(json, "workerName", summary.workerName());
      writeIfSet(json, "workerNamespace", summary.workerNamespace());
      json.writeNumberField("bodyBytes", summary.bodyBytes());
      writeIfSet(json, "error", summary.error());
      json.writeStringField("startedAt", summary.startedAt().toString());
      json.writeStringField("completedAt", summary.completedAt().toString());
      json.writeStringField("committedAt", committedAt.toString());
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
   * An RFC 3339 instant: the form {@link Instant#toString()} writes for years 0000 to 9999 ({@code
   * 2026-07-13T09:41:16Z}, with 0 to 9 fraction digits) read directly, anything else by {@link
   * Instant#parse}.
   *
   * @throws DateTimeException when it is not an instant
   * @throws NullPointerException when {@code text} is null
   */
  static Instant instant(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fraction = digits(text, 20, length - 1);
      if (fraction < 0) {
        return Instant.parse(text);
      }
      nanos = fraction;
      for (int i = length - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (year < 0
        || month < 0
        || day < 0
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return Instant.parse(text); // a leap second, or not an instant: its parser says which
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code text[from, to)}, at most 9 digits; -1 when not all digits. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void writeIfSet(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
