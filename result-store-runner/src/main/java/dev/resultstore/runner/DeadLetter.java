package dev.resultstore.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One dead-letter message of the contract's shape, as read back from the stream: the fields the
 * {@code dlq} commands show and the original payload's exact bytes.
 *
 * <p>Nullable: every text component except {@code subject}. {@code payload} is the original
 * message: the raw bytes of the {@code payload} field when it is a JSON object or array (byte for
 * byte, not re-encoded), or the text of a JSON string payload (how a message that was not valid
 * JSON is embedded); {@code null} when the dead letter has no payload or only a cut one ({@code
 * payloadTruncated}: the original was too large to fit in a dead letter).
 *
 * @param subject the dead letter's own subject
 * @param sequence its sequence number in the stream
 */
record DeadLetter(
    String subject,
    long sequence,
    String failureClass,
    String error,
    String invocationId,
    String serverlessRequestId,
    String originalSubject,
    long deliveryCount,
    String failedAt,
    byte[] payload) {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads a dead-letter message.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  static DeadLetter parse(String subject, long sequence, byte[] json) {
    String failureClass = null;
    String error = null;
    String invocationId = null;
    String requestId = null;
    String originalSubject = null;
    long deliveryCount = 0;
    String failedAt = null;
    byte[] payload = null;
    boolean payloadCut = false;
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a dead letter must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "failureClass" -> failureClass = text(parser);
          case "error" -> error = text(parser);
          case "invocationID" -> invocationId = text(parser);
          case "serverlessRequestID" -> requestId = text(parser);
          case "originalSubject" -> originalSubject = text(parser);
          case "failedAt" -> failedAt = text(parser);
          case "deliveryCount" ->
              deliveryCount = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
          case "payload" -> payload = payload(parser, json);
          case "payloadTruncated" -> payloadCut = value == JsonToken.VALUE_TRUE;
          default -> parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON dead letter: " + e.getMessage(), e);
    }
    if (payloadCut) {
      payload = null; // only the original's leading bytes: nothing to replay
    }
    return new DeadLetter(
        subject,
        sequence,
        failureClass,
        error,
        invocationId,
        requestId,
        originalSubject,
        deliveryCount,
        failedAt,
        payload);
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

  private static byte[] payload(JsonParser parser, byte[] json) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText().getBytes(StandardCharsets.UTF_8);
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    int start = (int) parser.currentTokenLocation().getByteOffset();
    if (token.isStructStart()) {
      parser.skipChildren();
    } else {
      parser.finishToken();
    }
    int end = (int) parser.currentLocation().getByteOffset();
    return Arrays.copyOfRange(json, start, end);
  }

  /** A copy of the original message, or {@code null}. */
  @Override
  public byte[] payload() {
    return payload == null ? null : payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetter that
        && subject.equals(that.subject)
        && sequence == that.sequence
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + subject.hashCode();
  }

  @Override
  public String toString() {
    return "DeadLetter[subject="
        + subject
        + ", sequence="
        + sequence
        + ", failureClass="
        + failureClass
        + ", invocationId="
        + invocationId
        + "]";
  }
}
