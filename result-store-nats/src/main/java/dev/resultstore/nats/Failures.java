package dev.resultstore.nats;

import dev.resultstore.core.ResultStoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwrapping and describing the exceptions that come back from stages. */
final class Failures {
  /**
   * The most characters of an error text kept in a log line or a dead letter: an error may quote
   * the value it refuses, which may be a megabyte long.
   */
  static final int MAX_TEXT = 1024;

  private Failures() {}

  /**
   * {@code text} cut to {@link #MAX_TEXT} characters, saying how long it was when it is cut, with
   * the secrets of NATS URLs masked.
   */
  static String cap(String text) {
    text = Redaction.urls(text);
    if (text == null || text.length() <= MAX_TEXT) {
      return text;
    }
    return text.substring(0, MAX_TEXT) + "... [cut: " + text.length() + " characters in all]";
  }

  /** The cause behind the wrappers that {@code CompletableFuture} adds. */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** One line for a log or a dead letter: the message, or the type when there is none. */
  static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getName();
    }
    return cap(
        cause instanceof ResultStoreException
            ? message
            : cause.getClass().getSimpleName() + ": " + message);
  }
}
