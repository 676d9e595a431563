package dev.resultstore.core;

/**
 * The store could not be reached or did not answer in time (unavailable, overloaded, timed out,
 * connection lost). An outage, not bad input: wait and retry, never dead-letter.
 */
public final class TransientStoreException extends ResultStoreException {
  private static final long serialVersionUID = 1L;

  public TransientStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
