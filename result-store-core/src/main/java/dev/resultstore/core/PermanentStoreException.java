package dev.resultstore.core;

/**
 * The store refused this result for good (a key or value it cannot hold, an invalid request).
 * Retrying cannot help: the source dead-letters the message.
 */
public final class PermanentStoreException extends ResultStoreException {
  private static final long serialVersionUID = 1L;

  public PermanentStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
