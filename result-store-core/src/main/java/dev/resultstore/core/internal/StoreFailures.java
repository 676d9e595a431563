package dev.resultstore.core.internal;

import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Not for public use. The one shape in which a store module turns the exceptions of its client
 * library into the project's family: the stage wrappers removed, an exception of ours kept as it
 * is, anything else {@link PermanentStoreException} when the module's rule says so and {@link
 * TransientStoreException} (an outage: wait, never dead-letter) otherwise. The rule itself (which
 * exceptions are permanent) stays with each module.
 */
public final class StoreFailures {
  private StoreFailures() {}

  /** The cause behind the {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * The exception to report for {@code error}, raised while {@code operation}: {@code "<store>:
   * <operation> failed: <described cause>"}, permanent when {@code isPermanent} accepts the cause.
   */
  public static ResultStoreException classify(
      Throwable error,
      String store,
      String operation,
      Predicate<Throwable> isPermanent,
      Function<Throwable, String> describe) {
    Throwable cause = unwrap(error);
    if (cause instanceof ResultStoreException known) {
      return known;
    }
    String message = store + ": " + operation + " failed: " + describe.apply(cause);
    return isPermanent.test(cause)
        ? new PermanentStoreException(message, cause)
        : new TransientStoreException(message, cause);
  }
}
