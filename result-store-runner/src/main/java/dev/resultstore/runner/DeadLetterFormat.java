package dev.resultstore.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resultstore.nats.DeadLetter;
import dev.resultstore.nats.DeadLetterReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes a dead letter as one JSON line for {@code dlq list --output json} (no payload). */
final class DeadLetterFormat {
  private static final JsonFactory JSON = new JsonFactory();

  private DeadLetterFormat() {}

  /** One JSON object, without a line break; absent fields are left out. */
  static String jsonLine(DeadLetterReader.Stored stored) {
    DeadLetter letter = stored.letter();
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      field(json, "failedAt", letter.failedAt() == null ? null : letter.failedAt().toString());
      field(json, "failureClass", letter.failureClass());
      field(json, "invocationID", letter.invocationId());
      field(json, "serverlessRequestID", letter.serverlessRequestId());
      field(json, "originalSubject", letter.originalSubject());
      json.writeStringField("subject", stored.subject());
      json.writeNumberField("dlqSequence", stored.sequence());
      json.writeNumberField("deliveryCount", letter.deliveryCount());
      field(json, "error", letter.error());
      json.writeBooleanField("replayable", letter.payload() != null);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void field(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
