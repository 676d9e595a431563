package dev.resultstore.core;

/**
 * A result event that must never reach storage: not JSON, not UTF-8, a required field missing or
 * malformed. Permanent: the message is dead-lettered as {@code malformed_message}.
 */
public final class InvalidResultException extends ResultStoreException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the JSON field at fault, e.g. {@code invocationID}; {@code null} when the fault is
   *     the message as a whole (not JSON, not UTF-8)
   * @param reason what is wrong, e.g. {@code "must not be blank"}
   */
  public InvalidResultException(String field, String reason) {
    this(field, reason, null);
  }

  /** Same as {@link #InvalidResultException(String, String)}, with the parser's exception. */
  public InvalidResultException(String field, String reason, Throwable cause) {
    super(field == null ? reason : field + ": " + reason, cause);
    this.field = field;
  }

  /** The JSON field at fault, or {@code null} when the message as a whole is at fault. */
  public String field() {
    return field;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
