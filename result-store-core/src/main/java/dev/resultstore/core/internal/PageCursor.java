package dev.resultstore.core.internal;

import dev.resultstore.core.ResultReader;
import dev.resultstore.core.ResultSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The position after the last item of a page, for {@link ResultReader} implementations: the item's
 * {@code completedAt} at millisecond precision and its invocation id. Encoded as an opaque URL-safe
 * string.
 */
public record PageCursor(long completedAtMillis, String invocationId) {
  private static final byte FORMAT = 1;

  public PageCursor {
    Objects.requireNonNull(invocationId, "invocationId");
  }

  /** The cursor positioned after {@code last}. */
  public static PageCursor after(ResultSummary last) {
    return new PageCursor(last.completedAt().toEpochMilli(), last.invocationId());
  }

  /** {@code completedAtMillis} as an instant. */
  public Instant completedAt() {
    return Instant.ofEpochMilli(completedAtMillis);
  }

  /**
   * Whether {@code summary} comes after this position in {@link ResultSummary#NEWEST_FIRST} order.
   */
  public boolean precedes(ResultSummary summary) {
    long millis = summary.completedAt().toEpochMilli();
    if (millis != completedAtMillis) {
      return millis < completedAtMillis;
    }
    return summary.invocationId().compareTo(invocationId) > 0;
  }

  /** The opaque text form. */
  public String encode() {
    byte[] id = invocationId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(1 + Long.BYTES + id.length);
    buffer.put(FORMAT).putLong(completedAtMillis).put(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  /**
   * Parses {@link #encode()}'s output.
   *
   * @throws IllegalArgumentException when {@code text} is not a cursor
   */
  public static PageCursor decode(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a page cursor: " + text, e);
    }
    if (bytes.length < 1 + Long.BYTES + 1 || bytes[0] != FORMAT) {
      throw new IllegalArgumentException("not a page cursor: " + text);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    long millis = buffer.getLong();
    String id = new String(bytes, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
    return new PageCursor(millis, id);
  }
}
