package dev.resultstore.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * RFC 3339 timestamps as Go writes and reads them: {@code 2026-07-13T09:41:16.123456789Z}, with an
 * optional fraction and {@code Z} or a {@code ±hh:mm} offset. Like Go's {@code time.Parse}, a
 * fraction of more than nine digits is read and truncated to nanoseconds (not rounded).
 */
final class Rfc3339 {
  /** Go's zero {@code time.Time}, {@code 0001-01-01T00:00:00Z}: "unknown" on the wire. */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private Rfc3339() {}

  /** The instant {@code text} denotes, or {@code null} when it is not an RFC 3339 timestamp. */
  static Instant parse(String text) {
    int length = text.length();
    if (length < 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int index = 19;
    int nanos = 0;
    if (text.charAt(index) == '.') {
      int start = ++index;
      while (index < length && isDigit(text.charAt(index))) {
        index++;
      }
      int count = index - start;
      if (count == 0) {
        return null;
      }
      int kept = Math.min(count, 9);
      nanos = digits(text, start, kept) * POWERS_OF_TEN[9 - kept];
    }
    if (index >= length) {
      return null;
    }
    int offsetSeconds;
    char zone = text.charAt(index);
    if (zone == 'Z') {
      if (index + 1 != length) {
        return null;
      }
      offsetSeconds = 0;
    } else if ((zone == '+' || zone == '-')
        && index + 6 == length
        && text.charAt(index + 3) == ':') {
      int offsetHours = digits(text, index + 1, 2);
      int offsetMinutes = digits(text, index + 4, 2);
      if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = (zone == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /**
   * Appends {@code instant} as Go's {@code time.RFC3339Nano} in UTC: trailing zeros of the fraction
   * trimmed, no fraction when it is zero, {@code Z}.
   *
   * @throws IllegalArgumentException when the year is outside 0000 to 9999, which RFC 3339 cannot
   *     express
   */
  static void append(Instant instant, StringBuilder out) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = time.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("year " + year + " is outside 0000 to 9999");
    }
    pad(out, year, 4).append('-');
    pad(out, time.getMonthValue(), 2).append('-');
    pad(out, time.getDayOfMonth(), 2).append('T');
    pad(out, time.getHour(), 2).append(':');
    pad(out, time.getMinute(), 2).append(':');
    pad(out, time.getSecond(), 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      pad(out.append('.'), nanos, digits);
    }
    out.append('Z');
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String text = Integer.toString(value);
    for (int i = text.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(text);
  }

  /** The decimal value of {@code count} digits at {@code start}, or -1 when one is no digit. */
  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
