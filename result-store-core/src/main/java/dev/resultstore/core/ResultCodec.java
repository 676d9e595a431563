package dev.resultstore.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes and encodes the v1 result event (JSON, UTF-8) exactly as the Go runtime writes and reads
 * it. Thread-safe; one instance can serve every thread. Streaming only (no tree model).
 *
 * <h2>Decoding</h2>
 *
 * <ul>
 *   <li>The whole message must be valid UTF-8 and exactly one JSON object; anything after it is an
 *       error. Field names are case-sensitive; unknown fields are ignored.
 *   <li>Like Go's {@code encoding/json}: when a field appears twice the last value wins (two {@code
 *       headers} objects are merged, the later value winning per header); JSON {@code null} leaves
 *       a field absent (a {@code null} header value is the empty string), except {@code body},
 *       where it is kept as the four bytes {@code null}.
 *   <li>Required: {@code version} ({@code v1}), {@code invocationID}, {@code serverlessRequestID},
 *       {@code mode} ({@code sync} or {@code async}). {@code state}, when present and not empty,
 *       must be a contract state. {@code statusCode} must be an integer in {@code int} range.
 *   <li>{@code body} is kept as the exact bytes that arrived ({@link RawJson}).
 *   <li>Contract defaults: a missing or empty state is derived ({@code expired} for failure class
 *       {@code framework_timeout}, else {@code failed} when {@code error} is not empty, else {@code
 *       succeeded}); a missing or zero ({@code 0001-01-01T00:00:00Z}) {@code completedAt} is the
 *       clock's now; a missing or zero {@code startedAt} is {@code completedAt}; {@code storedAt}
 *       is the clock's now.
 *   <li>Other values are kept as they arrived (an empty {@code error} stays empty).
 * </ul>
 *
 * <h2>Encoding</h2>
 *
 * Byte for byte what Go's {@code encoding/json} writes for its event struct: fields in the order
 * {@code version, invocationID, serverlessRequestID, mode, state, failureClass, replySubject,
 * workerName, workerNamespace, statusCode, contentType, headers, body, error, startedAt,
 * completedAt}; absent optional fields and empty headers omitted; headers sorted by key; strings
 * escaped as Go escapes them (HTML-safe); timestamps as {@code RFC3339Nano} in UTC. The body is
 * written verbatim (Go would also compact it and escape HTML characters in it; for the compact
 * bodies Go sends the result is identical). {@code storedAt} is not part of the wire form.
 */
public final class ResultCodec {
  private final Clock clock;

  private ResultCodec(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A codec that uses the system clock (UTC) for the receive time. */
  public static ResultCodec create() {
    return new ResultCodec(Clock.systemUTC());
  }

  /** A codec that reads the receive time from {@code clock}. */
  public static ResultCodec withClock(Clock clock) {
    return new ResultCodec(clock);
  }

  /**
   * Decodes one v1 event.
   *
   * @param json the message bytes
   * @return the result, with the contract's defaults applied and {@code storedAt} = now
   * @throws InvalidResultException naming the field at fault ({@code null} when the message as a
   *     whole is not one UTF-8 JSON object)
   */
  public InvocationResult decode(byte[] json) {
    return ResultDecoder.decode(json, clock);
  }

  /**
   * Encodes {@code result} as a v1 event, as the Go side encodes it. The body is written verbatim
   * and must be valid JSON (as {@link RawJson} requires).
   *
   * @throws InvalidResultException when a timestamp's year is outside 0000 to 9999
   */
  public byte[] encode(InvocationResult result) {
    return ResultEncoder.encode(Objects.requireNonNull(result, "result"));
  }

  /**
   * {@code instant} as the wire writes it: Go's {@code time.RFC3339Nano} in UTC, fraction trailing
   * zeros trimmed, e.g. {@code 2026-07-13T09:41:16.1234Z}.
   *
   * @throws IllegalArgumentException when the year is outside 0000 to 9999
   */
  public static String formatTimestamp(Instant instant) {
    StringBuilder text = new StringBuilder(30);
    Rfc3339.append(Objects.requireNonNull(instant, "instant"), text);
    return text.toString();
  }

  /**
   * The instant of an RFC 3339 timestamp as the wire writes it ({@code Z} or an offset, up to nine
   * fraction digits, more truncated as Go does); empty for {@code null} or another text.
   */
  public static Optional<Instant> parseTimestamp(String text) {
    return text == null ? Optional.empty() : Optional.ofNullable(Rfc3339.parse(text));
  }

  /**
   * Reads {@code invocationID}, {@code serverlessRequestID}, {@code workerName} and {@code
   * workerNamespace} from the top level of any bytes, as far as they can be parsed: for a message
   * that fails to decode, so its dead letter can say whose it was. Values are returned as they are
   * (unvalidated; blank ones as {@code null}); a later duplicate wins. Never throws.
   *
   * @return what could be read before the first error; {@link EventIdentity#UNKNOWN} when nothing
   */
  public static EventIdentity peekIdentity(byte[] message) {
    if (message == null || message.length == 0) {
      return EventIdentity.UNKNOWN;
    }
    String[] values = new String[4];
    try (JsonParser parser = ResultDecoder.JSON.createParser(message)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          int slot = slot(parser.currentName());
          JsonToken token = parser.nextToken();
          if (slot >= 0 && token == JsonToken.VALUE_STRING) {
            String value = parser.getText();
            values[slot] = value.isBlank() ? null : value;
          } else {
            parser.skipChildren();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: keep what was read before the error
    }
    if (values[0] == null && values[1] == null && values[2] == null && values[3] == null) {
      return EventIdentity.UNKNOWN;
    }
    return new EventIdentity(values[0], values[1], values[2], values[3]);
  }

  private static int slot(String name) {
    return switch (name) {
      case "invocationID" -> 0;
      case "serverlessRequestID" -> 1;
      case "workerName" -> 2;
      case "workerNamespace" -> 3;
      default -> -1;
    };
  }
}
