package dev.resultstore.nats;

import dev.resultstore.core.ResultStoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwrapping and describing the exceptions that come back from stages. */
final class Failures {
  private Failures() {}

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
    return cause instanceof ResultStoreException
        ? message
        : cause.getClass().getSimpleName() + ": " + message;
  }
}
