package dev.resultstore.runner;

import dev.resultstore.core.ResultStatus;

/**
 * What {@code wait}, {@code status} and {@code delete} print (one JSON object per line) and the
 * exit status a script tests: 0 found, 3 not (yet) known, 4 expired, 5 dead-lettered; 1 error and 2
 * bad usage as for every command.
 */
final class StatusOutput {
  /** Exit status: the result is stored (or was deleted, for {@code delete}). */
  static final int FOUND = 0;

  /** Exit status: nothing is known of the id (not stored yet, deleted, or never sent). */
  static final int NOT_YET = 3;

  /** Exit status: the result was stored and its retention ended. */
  static final int EXPIRED = 4;

  /** Exit status: the event was dead-lettered; no result will come. */
  static final int DEAD_LETTERED = 5;

  private StatusOutput() {}

  /** The exit status of {@code status}. */
  static int exitStatus(ResultStatus status) {
    return switch (status.kind()) {
      case STORED -> FOUND;
      case EXPIRED -> EXPIRED;
      case DEAD_LETTERED -> DEAD_LETTERED;
      case UNKNOWN -> NOT_YET;
    };
  }

  /**
   * {@code {"invocationID":…,"status":"stored","summary":{…}}}; {@code expired} with {@code
   * expiredAt}; {@code dead_lettered} with {@code failureClass}, {@code reason}, {@code
   * deadLetteredAt}; or {@code unknown}.
   */
  static String json(String invocationId, ResultStatus status) {
    return SummaryFormat.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("invocationID", invocationId);
          switch (status.kind()) {
            case STORED -> {
              json.writeStringField("status", "stored");
              json.writeFieldName("summary");
              json.writeRawValue(SummaryFormat.jsonLine(status.summary().orElseThrow()));
            }
            case EXPIRED -> {
              json.writeStringField("status", "expired");
              json.writeStringField("expiredAt", status.at().orElseThrow().toString());
            }
            case DEAD_LETTERED -> {
              json.writeStringField("status", "dead_lettered");
              json.writeStringField("failureClass", status.failureClass().orElseThrow());
              json.writeStringField("reason", status.reason().orElse(""));
              json.writeStringField("deadLetteredAt", status.at().orElseThrow().toString());
            }
            case UNKNOWN -> json.writeStringField("status", "unknown");
          }
          json.writeEndObject();
        });
  }

  /** {@code {"invocationID":…,"deleted":true|false}}. */
  static String deleted(String invocationId, boolean deleted) {
    return SummaryFormat.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("invocationID", invocationId);
          json.writeBooleanField("deleted", deleted);
          json.writeEndObject();
        });
  }
}
