package dev.resultstore.nats;

import dev.resultstore.core.ResultStoreException;

/**
 * The source could not be set up or run: NATS unreachable, authentication refused, a stream or
 * consumer that cannot be used as configured. {@link #isTransient()} tells an outage (NATS not
 * answering: retrying later may help) from a setup that must be fixed first.
 */
public final class NatsSourceException extends ResultStoreException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  /**
   * @param message what failed and, where possible, how to fix it
   * @param cause the NATS client's exception; may be {@code null}
   * @param transientFailure {@code true} when retrying later may help
   */
  public NatsSourceException(String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  @Override
  public boolean isTransient() {
    return transientFailure;
  }
}
