package dev.resultstore.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Go's duration syntax, as {@code time.ParseDuration} reads it and {@code Duration.String} writes
 * it: a sequence of decimal numbers, each with an optional fraction and a unit ({@code ns}, {@code
 * us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), such as {@code 300ms}, {@code
 * 1.5h} or {@code 2h45m}; {@code 0} alone needs no unit.
 */
public final class GoDuration {
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when it is not a Go duration or does not fit in Go's range
   *     (about 290 years)
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')
          || !number.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unitNanos = unitNanos(s.substring(unitStart, i), text);
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
    }
    BigInteger nanos = total.toBigInteger();
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range: " + quote(text));
    }
    Duration duration = Duration.ofNanos(nanos.longValueExact());
    return negative ? duration.negated() : duration;
  }

  /** Writes {@code duration} as Go's {@code Duration.String} does, e.g. {@code 1h2m3.5s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    boolean negative = duration.isNegative();
    Duration d = duration.abs();
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      return duration.toString();
    }
    String sign = negative ? "-" : "";
    if (nanos < 1_000) {
      return sign + nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return sign + decimal(nanos, 1_000) + "µs";
    }
    if (nanos < 1_000_000_000) {
      return sign + decimal(nanos, 1_000_000) + "ms";
    }
    long hours = nanos / 3_600_000_000_000L;
    long rest = nanos % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    rest = rest % 60_000_000_000L;
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(decimal(rest, 1_000_000_000)).append('s').toString();
  }

  private static String decimal(long value, long unit) {
    BigDecimal result = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit));
    result = result.stripTrailingZeros();
    return result.scale() < 0 ? result.toBigInteger().toString() : result.toPlainString();
  }

  private static long unitNanos(String unit, String text) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "\u00b5s":
      case "\u03bcs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      case "h":
        return 3_600_000_000_000L;
      default:
        if (unit.isEmpty()) {
          throw new IllegalArgumentException("missing unit in duration " + quote(text));
        }
        throw new IllegalArgumentException(
            "unknown unit " + quote(unit) + " in duration " + quote(text));
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration " + quote(text));
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }
}
