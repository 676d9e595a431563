package dev.resultstore.cql;

/** Argument checks that run before any I/O. */
final class Arguments {
  private Arguments() {}

  /**
   * @throws IllegalArgumentException when {@code value} is {@code null} or blank
   */
  static String requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank, but was " + (value == null ? "null" : '"' + value + '"'));
    }
    return value;
  }
}
