package dev.resultstore.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSummary;
import java.io.IOException;

/**
 * The one JSON form of a {@link ResultSummary}: the v1 event's field names plus {@code bodyBytes},
 * absent optional fields left out, instants as {@link ResultCodec#formatTimestamp} writes them.
 * Written by the commit notification and by {@code query --output json}.
 */
public final class SummaryJson {
  private SummaryJson() {}

  /** Writes the fields of {@code summary} into the object {@code json} has open. */
  public static void writeFields(JsonGenerator json, ResultSummary summary) throws IOException {
    json.writeStringField("invocationID", summary.invocationId());
    json.writeStringField("serverlessRequestID", summary.serverlessRequestId());
    json.writeStringField("mode", summary.mode().wireValue());
    json.writeStringField("state", summary.state().wireValue());
    writeIfSet(json, "failureClass", summary.failureClass());
    writeIfSet(json, "workerName", summary.workerName());
    writeIfSet(json, "workerNamespace", summary.workerNamespace());
    if (summary.statusCode() != null) {
      json.writeNumberField("statusCode", summary.statusCode());
    }
    json.writeNumberField("bodyBytes", summary.bodyBytes());
    writeIfSet(json, "error", summary.error());
    json.writeStringField("startedAt", ResultCodec.formatTimestamp(summary.startedAt()));
    json.writeStringField("completedAt", ResultCodec.formatTimestamp(summary.completedAt()));
  }

  /** {@code value} under {@code name}, left out when {@code null}. */
  public static void writeIfSet(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
