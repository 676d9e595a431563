package dev.resultstore.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resultstore.core.EventIdentity;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.internal.RawJsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads a {@link DeadLetter} back from its JSON: the other half of {@link DeadLetter#toJson()}. */
final class DeadLetterParser {
  private static final JsonFactory JSON = new JsonFactory();

  private DeadLetterParser() {}

  static DeadLetter parse(byte[] json) {
    String failureClass = null;
    String invocationId = null;
    String requestId = null;
    String workerName = null;
    String workerNamespace = null;
    String originalSubject = null;
    String stream = null;
    String consumer = null;
    long streamSequence = 0;
    long consumerSequence = 0;
    long deliveryCount = 0;
    String error = null;
    byte[] payload = null;
    Instant failedAt = null;
    boolean payloadTruncated = false;
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a dead letter must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "failureClass" -> failureClass = text(parser);
          case "invocationID" -> invocationId = text(parser);
          case "serverlessRequestID" -> requestId = text(parser);
          case "workerName" -> workerName = text(parser);
          case "workerNamespace" -> workerNamespace = text(parser);
          case "originalSubject" -> originalSubject = text(parser);
          case "stream" -> stream = text(parser);
          case "consumer" -> consumer = text(parser);
          case "streamSequence" -> streamSequence = number(parser);
          case "consumerSequence" -> consumerSequence = number(parser);
          case "deliveryCount" -> deliveryCount = number(parser);
          case "error" -> error = text(parser);
          case "payload" -> payload = payload(parser, json);
          case "failedAt" -> failedAt = ResultCodec.parseTimestamp(text(parser)).orElse(null);
          case "payloadTruncated" -> payloadTruncated = value == JsonToken.VALUE_TRUE;
          default -> parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON dead letter: " + e.getMessage(), e);
    }
    return new DeadLetter(
        FailureClass.fromWireName(failureClass).orElse(null),
        new EventIdentity(invocationId, requestId, workerName, workerNamespace),
        originalSubject,
        stream,
        consumer,
        streamSequence,
        consumerSequence,
        deliveryCount,
        error,
        payloadTruncated ? null : payload,
        failedAt,
        payloadTruncated);
  }

  private static String text(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (parser.currentToken().isScalarValue()) {
      return parser.getValueAsString();
    }
    parser.skipChildren();
    return null;
  }

  private static long number(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue();
    }
    parser.skipChildren();
    return 0;
  }

  /** The raw bytes of a JSON payload, or the text of a string payload. */
  private static byte[] payload(JsonParser parser, byte[] json) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText().getBytes(StandardCharsets.UTF_8);
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    return RawJsonValue.copy(parser, json);
  }
}
