package dev.resultstore.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.resultstore.core.internal.RawJsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one v1 event with Jackson's streaming parser, the way Go's {@code encoding/json} reads it
 * into its struct: unknown fields are ignored, a duplicate field's last value wins (a duplicate
 * {@code headers} object adds to the first), and JSON {@code null} leaves a field absent (except
 * {@code body}, which keeps the four bytes {@code null}). One instance per message.
 */
final class ResultDecoder {
  /** Limits well above anything NATS can carry; Go's decoder nests up to 10000 deep. */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(10_000)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private final byte[] json;
  private final JsonParser parser;
  private String field;

  private String version;
  private String invocationId;
  private String serverlessRequestId;
  private String mode;
  private String state;
  private String failureClass;
  private String replySubject;
  private String workerName;
  private String workerNamespace;
  private Integer statusCode;
  private String contentType;
  private Map<String, String> headers;
  private RawJson body;
  private String error;
  private Instant startedAt;
  private Instant completedAt;

  private ResultDecoder(byte[] json, JsonParser parser) {
    this.json = json;
    this.parser = parser;
  }

  static InvocationResult decode(byte[] json, Clock clock) {
    if (json == null || json.length == 0) {
      throw new InvalidResultException(null, "is empty; expected a JSON object");
    }
    Utf8Validator.check(json);
    if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB) {
      throw new InvalidResultException(
          null, "starts with a byte order mark; expected a JSON object");
    }
    try (JsonParser parser = JSON.createParser(json)) {
      ResultDecoder decoder = new ResultDecoder(json, parser);
      decoder.readObject();
      return decoder.toResult(clock.instant());
    } catch (JsonProcessingException e) {
      throw notJson(e, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the input is a byte array
    }
  }

  private void readObject() throws IOException {
    JsonToken token = parser.nextToken();
    if (token != JsonToken.START_OBJECT) {
      throw new InvalidResultException(null, "expected a JSON object but was " + describe(token));
    }
    try {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        field = parser.currentName();
        readField(field, parser.nextToken());
        field = null;
      }
    } catch (JsonProcessingException e) {
      // Jackson reads a scalar value together with its field name: then the current token is
      // the name whose value failed
      String at =
          field == null && parser.currentToken() == JsonToken.FIELD_NAME
              ? parser.currentName()
              : field;
      throw notJson(e, at);
    }
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      throw new InvalidResultException(
          null,
          "has "
              + describe(trailing)
              + " after the JSON object at byte offset "
              + parser.currentTokenLocation().getByteOffset());
    }
  }

  private void readField(String name, JsonToken token) throws IOException {
    switch (name) {
      case "version" -> version = string(name, token, version);
      case "invocationID" -> invocationId = string(name, token, invocationId);
      case "serverlessRequestID" -> serverlessRequestId = string(name, token, serverlessRequestId);
      case "mode" -> mode = string(name, token, mode);
      case "state" -> state = string(name, token, state);
      case "failureClass" -> failureClass = string(name, token, failureClass);
      case "replySubject" -> replySubject = string(name, token, replySubject);
      case "workerName" -> workerName = string(name, token, workerName);
      case "workerNamespace" -> workerNamespace = string(name, token, workerNamespace);
      case "statusCode" -> statusCode = integer(name, token, statusCode);
      case "contentType" -> contentType = string(name, token, contentType);
      case "headers" -> readHeaders(token);
      case "body" -> body = raw(token);
      case "error" -> error = string(name, token, error);
      case "startedAt" -> startedAt = timestamp(name, token, startedAt);
      case "completedAt" -> completedAt = timestamp(name, token, completedAt);
      default -> parser.skipChildren();
    }
  }

  private InvocationResult toResult(Instant now) {
    if (version == null) {
      throw new InvalidResultException("version", "is required; expected \"v1\"");
    }
    if (!InvocationResult.WIRE_VERSION.equals(version)) {
      throw new InvalidResultException("version", "expected \"v1\" but was " + quote(version));
    }
    if (invocationId == null) {
      throw new InvalidResultException("invocationID", "is required");
    }
    if (serverlessRequestId == null) {
      throw new InvalidResultException("serverlessRequestID", "is required");
    }
    if (mode == null) {
      throw new InvalidResultException("mode", "is required; expected \"sync\" or \"async\"");
    }
    InvocationMode parsedMode;
    try {
      parsedMode = InvocationMode.fromWire(mode);
    } catch (IllegalArgumentException e) {
      throw new InvalidResultException("mode", e.getMessage());
    }
    InvocationState parsedState;
    if (state == null || state.isEmpty()) {
      parsedState = deriveState();
    } else {
      try {
        parsedState = InvocationState.fromWire(state);
      } catch (IllegalArgumentException e) {
        throw new InvalidResultException("state", e.getMessage());
      }
    }
    Instant completed = completedAt == null ? now : completedAt;
    return new InvocationResult(
        invocationId,
        serverlessRequestId,
        parsedMode,
        parsedState,
        failureClass,
        replySubject,
        workerName,
        workerNamespace,
        statusCode,
        contentType,
        headers,
        body,
        error,
        startedAt == null ? completed : startedAt,
        completed,
        now);
  }

  /** The contract's rule for an event without a state. */
  private InvocationState deriveState() {
    if ("framework_timeout".equals(failureClass)) {
      return InvocationState.EXPIRED;
    }
    if (error != null && !error.isEmpty()) {
      return InvocationState.FAILED;
    }
    return InvocationState.SUCCEEDED;
  }

  private String string(String name, JsonToken token, String previous) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (token == JsonToken.VALUE_NULL) {
      return previous; // Go: null leaves a string as it was
    }
    throw new InvalidResultException(name, "expected a string but was " + describe(token));
  }

  private Integer integer(String name, JsonToken token, Integer previous) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return previous;
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      String was = token == JsonToken.VALUE_NUMBER_FLOAT ? parser.getText() : describe(token);
      throw new InvalidResultException(name, "expected an integer but was " + was);
    }
    if (parser.getNumberType() != JsonParser.NumberType.INT) {
      throw new InvalidResultException(
          name, "expected an integer in int range but was " + parser.getText());
    }
    return parser.getIntValue();
  }

  private Instant timestamp(String name, JsonToken token, Instant previous) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return previous;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new InvalidResultException(
          name,
          "expected an RFC 3339 timestamp string such as 2026-07-13T09:41:16.123456789Z but was "
              + describe(token));
    }
    String text = parser.getText();
    Instant instant = Rfc3339.parse(text);
    if (instant == null) {
      throw new InvalidResultException(
          name,
          "expected an RFC 3339 timestamp such as 2026-07-13T09:41:16.123456789Z but was "
              + quote(text));
    }
    return Rfc3339.GO_ZERO_TIME.equals(instant) ? null : instant;
  }

  private void readHeaders(JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      headers = null; // Go: null sets a map to nil
      return;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new InvalidResultException(
          "headers", "expected an object of strings but was " + describe(token));
    }
    if (headers == null) {
      headers = new HashMap<>();
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        headers.put(name, parser.getText());
      } else if (value == JsonToken.VALUE_NULL) {
        headers.put(name, ""); // Go: a null map element is the zero value
      } else {
        throw new InvalidResultException(
            "headers",
            "expected a string for header " + quote(name) + " but was " + describe(value));
      }
    }
  }

  /** The exact bytes of the current value, which the parser then skips. */
  private RawJson raw(JsonToken token) throws IOException {
    return RawJson.wrap(RawJsonValue.copy(parser, json));
  }

  static InvalidResultException notJson(JsonProcessingException e, String field) {
    String message = e.getOriginalMessage();
    int marker = message == null ? -1 : message.indexOf(" (start marker at");
    if (marker >= 0) {
      message = message.substring(0, marker);
    }
    JsonLocation location = e.getLocation();
    StringBuilder reason = new StringBuilder("is not valid JSON");
    if (field != null) {
      reason.append(" (in ").append(field).append(')');
    }
    if (location != null && location.getByteOffset() >= 0) {
      reason.append(" at byte offset ").append(location.getByteOffset());
    }
    reason.append(": ").append(message);
    return new InvalidResultException(null, reason.toString(), e);
  }

  static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }

  static String quote(String value) {
    return InvocationMode.quote(value);
  }
}
