package dev.resultstore.bench;

/** The bench cannot go on: a server refused a setup step, or a step made no progress. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
