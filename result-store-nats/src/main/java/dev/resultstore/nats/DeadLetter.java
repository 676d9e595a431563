package dev.resultstore.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resultstore.core.EventIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One dead letter of a result, in the contract's shape: encoded by the source when it gives up on a
 * message ({@code <prefix>.dlq.result.<requestID>}), and {@linkplain #parse read back} by the tools
 * that list and replay dead letters. Immutable.
 *
 * <p>The original message is embedded as raw JSON when it is one valid JSON value in UTF-8, else as
 * a JSON string of its text (invalid UTF-8 decoded leniently). A letter that would exceed the
 * server's maximum payload carries only the original's leading bytes ({@link #payloadTruncated()}).
 */
public final class DeadLetter {
  private final FailureClass failureClass;
  private final EventIdentity identity;
  private final String originalSubject;
  private final String stream;
  private final String consumer;
  private final long streamSequence;
  private final long consumerSequence;
  private final long deliveryCount;
  private final String error;
  private final byte[] payload;
  private final Instant failedAt;
  private final boolean payloadTruncated;

  /**
   * A letter to write ({@code payloadTruncated} false), or one read back.
   *
   * @param failureClass the class; {@code null} only in a letter read back without one of ours
   * @param identity what could be read of the event; its components are written only when known
   * @param payload the original message bytes; {@code null} only in a letter read back without one
   * @param payloadTruncated whether the letter read back carried only the original's leading bytes
   */
  DeadLetter(
      FailureClass failureClass,
      EventIdentity identity,
      String originalSubject,
      String stream,
      String consumer,
      long streamSequence,
      long consumerSequence,
      long deliveryCount,
      String error,
      byte[] payload,
      Instant failedAt,
      boolean payloadTruncated) {
    this.failureClass = failureClass;
    this.identity = identity;
    this.originalSubject = originalSubject;
    this.stream = stream;
    this.consumer = consumer;
    this.streamSequence = streamSequence;
    this.consumerSequence = consumerSequence;
    this.deliveryCount = deliveryCount;
    this.error = error;
    this.payload = payload;
    this.failedAt = failedAt;
    this.payloadTruncated = payloadTruncated;
  }

  /** The contract version written in {@code version}. */
  static final String VERSION = "v1";

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads a dead letter as the source writes it (and as the Go side does: fields it lacks are
   * {@code null} or 0).
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static DeadLetter parse(byte[] json) {
    return DeadLetterParser.parse(json);
  }

  /** The class; {@code null} when the letter names none of the contract's. */
  public FailureClass failureClass() {
    return failureClass;
  }

  /**
   * Where a replay publishes the original: the subject it arrived on when that is a result subject
   * under {@code prefix}, else the {@linkplain EventPublisher#resultSubject result subject} of its
   * request.
   */
  public String replaySubject(String prefix) {
    if (originalSubject != null && originalSubject.startsWith(Subjects.resultSubject(prefix, ""))) {
      return originalSubject;
    }
    return EventPublisher.resultSubject(prefix, identity.serverlessRequestId());
  }

  /** The original's invocation id; nullable. */
  public String invocationId() {
    return identity.invocationId();
  }

  /** The original's serverless request id; nullable. */
  public String serverlessRequestId() {
    return identity.serverlessRequestId();
  }

  /** The subject the original was published to; nullable. */
  public String originalSubject() {
    return originalSubject;
  }

  /** The stream the original is in; nullable. */
  public String stream() {
    return stream;
  }

  /** The consumer that gave up on it; nullable. */
  public String consumer() {
    return consumer;
  }

  /** The original's sequence in {@link #stream()}. */
  public long streamSequence() {
    return streamSequence;
  }

  /** The original's sequence in the consumer. */
  public long consumerSequence() {
    return consumerSequence;
  }

  /** How often the original was delivered. */
  public long deliveryCount() {
    return deliveryCount;
  }

  /** Why it was dead-lettered; nullable. */
  public String error() {
    return error;
  }

  /**
   * A copy of the original message: the raw bytes of a JSON payload (byte for byte), or the text of
   * a string payload; {@code null} when the letter has none or only a cut one.
   */
  public byte[] payload() {
    return payload == null ? null : payload.clone();
  }

  /** Whether only the original's leading bytes fitted in the letter (then no payload). */
  public boolean payloadTruncated() {
    return payloadTruncated;
  }

  /** When the source gave up on the original; nullable. */
  public Instant failedAt() {
    return failedAt;
  }

  EventIdentity identity() {
    return identity;
  }

  /** The {@code Nats-Msg-Id}: {@code dlq-result-<invocationID>-<streamSequence>}. */
  String messageId() {
    String invocationId = identity.invocationId();
    if (!isHeaderSafe(invocationId) || !Subjects.fitsInDeadLetter(invocationId)) {
      invocationId = Subjects.UNKNOWN;
    }
    return "dlq-result-" + invocationId + "-" + streamSequence;
  }

  /** The UTF-8 JSON of this dead letter. */
  byte[] toJson() {
    return encode(-1, null);
  }

  /**
   * The UTF-8 JSON of this dead letter in at most {@code maxBytes}. When the whole letter is larger
   * (an original near the server's maximum payload), the payload is cut: it becomes a JSON string
   * of the original's longest leading bytes that fit, {@code error} says so and where the original
   * is, and two fields follow the contract's: {@code payloadTruncated} ({@code true}) and {@code
   * payloadBytes} (the original's size).
   */
  byte[] toJson(int maxBytes) {
    byte[] whole = toJson();
    if (whole.length <= maxBytes) {
      return whole;
    }
    int low = 0;
    int high = payload.length - 1;
    byte[] best = null;
    while (low <= high) {
      int keep = (low + high) >>> 1;
      byte[] cut = encode(keep, cutNote(keep, maxBytes));
      if (cut.length <= maxBytes) {
        best = cut;
        low = keep + 1;
      } else {
        high = keep - 1;
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "a dead letter does not fit in " + maxBytes + " bytes even without its payload");
    }
    return best;
  }

  private String cutNote(int keep, int maxBytes) {
    return " [payload cut to its first "
        + keep
        + " of "
        + payload.length
        + " bytes: the whole dead letter would exceed the server's maximum payload of "
        + maxBytes
        + " bytes; the original is message "
        + streamSequence
        + " of stream "
        + stream
        + "]";
  }

  /** Encodes the letter; with {@code keep >= 0} only that many leading payload bytes, as text. */
  private byte[] encode(int keep, String note) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("version", VERSION);
      json.writeStringField("source", "result");
      json.writeStringField("state", "dead_lettered");
      json.writeStringField("failureClass", failureClass == null ? null : failureClass.wireName());
      writeIfKnown(json, "invocationID", identity.invocationId());
      writeIfKnown(json, "serverlessRequestID", identity.serverlessRequestId());
      writeIfKnown(json, "workerName", identity.workerName());
      writeIfKnown(json, "workerNamespace", identity.workerNamespace());
      json.writeStringField("originalSubject", originalSubject);
      json.writeStringField("stream", stream);
      json.writeStringField("consumer", consumer);
      json.writeNumberField("streamSequence", streamSequence);
      json.writeNumberField("consumerSequence", consumerSequence);
      json.writeNumberField("deliveryCount", deliveryCount);
      json.writeStringField("error", (error == null ? "" : error) + (note == null ? "" : note));
      json.writeFieldName("payload");
      if (keep >= 0) {
        json.writeString(new String(payload, 0, keep, StandardCharsets.UTF_8));
      } else {
        String strictText = strictUtf8(payload);
        if (strictText != null && isOneJsonValue(strictText)) {
          json.writeRawValue(strictText);
        } else {
          json.writeString(new String(payload, StandardCharsets.UTF_8));
        }
      }
      json.writeStringField("failedAt", DateTimeFormatter.ISO_INSTANT.format(failedAt));
      if (keep >= 0) {
        json.writeBooleanField("payloadTruncated", true);
        json.writeNumberField("payloadBytes", payload.length);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a dead letter", e);
    }
    return out.toByteArray();
  }

  private static void writeIfKnown(JsonGenerator json, String field, String value)
      throws IOException {
    if (value != null && !value.isEmpty()) {
      json.writeStringField(field, value);
    }
  }

  /** The text when the bytes are well-formed UTF-8, else {@code null}. */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Whether the text is exactly one JSON value (surrounding white space allowed). Parsed as text,
   * so that no byte-order detection can accept what is not UTF-8 JSON.
   */
  static boolean isOneJsonValue(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean isHeaderSafe(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
