package dev.resultstore.bench;

/** The arithmetic of rates and ratios, kept apart so it can be checked without a server. */
final class Rates {
  private Rates() {}

  /** {@code items} per second over {@code nanos}; 0 when {@code nanos} is not positive. */
  static double perSecond(long items, long nanos) {
    return nanos <= 0 ? 0 : items * 1e9 / nanos;
  }

  /** {@code numerator / denominator}; {@link Double#NaN} when the denominator is not positive. */
  static double ratio(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator : Double.NaN;
  }

  /** {@code value} rounded to {@code digits} decimal places; NaN stays NaN. */
  static double round(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  /** Bytes in mebibytes, rounded to one decimal. */
  static double mebibytes(long bytes) {
    return round(bytes / (1024.0 * 1024.0), 1);
  }
}
