package dev.resultstore.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The payload of a commit notification: {@code {"invocationID":…,"completedAt":…,"committedAt":…}}
 * (RFC 3339 instants; {@code committedAt} is when the runner saw the write complete).
 */
record StoredNotice(String invocationId, Instant completedAt, Instant committedAt) {
  private static final JsonFactory JSON = new JsonFactory();

  byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("invocationID", invocationId);
      json.writeStringField("completedAt", completedAt.toString());
      json.writeStringField("committedAt", committedAt.toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The invocation id of a notification's payload; {@code null} when it has none. */
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
        if (name.equals("invocationID") && value == JsonToken.VALUE_STRING) {
          return json.getText();
        }
        json.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code committedAt} of a payload; {@code null} when absent or unreadable. */
  static Instant committedAt(byte[] payload) {
    try (JsonParser json = JSON.createParser(payload)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (name.equals("committedAt") && value == JsonToken.VALUE_STRING) {
          return Instant.parse(json.getText());
        }
        json.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
