package dev.resultstore.core;

/**
 * The base of every exception this project throws on purpose. Unchecked.
 *
 * <p>Each subtype says whether retrying can help: {@link #isTransient()} is {@code true} for an
 * outage (wait and retry; never dead-letter) and {@code false} for bad input or a value the store
 * refuses (dead-letter it; retrying cannot help).
 */
public abstract class ResultStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ResultStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code true} when the same operation may succeed later (an outage, a timeout). */
  public abstract boolean isTransient();
}
