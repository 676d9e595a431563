package dev.resultstore.core;

/**
 * The identifying fields of an event, read on a best-effort basis even from a message that does not
 * decode, so that a dead letter can say whose it was. Every component is nullable.
 */
public record EventIdentity(
    String invocationId, String serverlessRequestId, String workerName, String workerNamespace) {

  /** An identity with nothing known. */
  public static final EventIdentity UNKNOWN = new EventIdentity(null, null, null, null);
}
