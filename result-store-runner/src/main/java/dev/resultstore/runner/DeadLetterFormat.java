package dev.resultstore.runner;

import dev.resultstore.core.internal.SummaryJson;
import dev.resultstore.nats.DeadLetter;
import dev.resultstore.nats.DeadLetterReader;

/** Writes a dead letter as one JSON line for {@code dlq list --output json} (no payload). */
final class DeadLetterFormat {
  private DeadLetterFormat() {}

  /** One JSON object, without a line break; absent fields are left out. */
  static String jsonLine(DeadLetterReader.Stored stored) {
    DeadLetter letter = stored.letter();
    return SummaryFormat.json(
        json -> {
          json.writeStartObject();
          SummaryJson.writeIfSet(
              json, "failedAt", letter.failedAt() == null ? null : letter.failedAt().toString());
          SummaryJson.writeIfSet(json, "failureClass", DlqCommand.className(letter));
          SummaryJson.writeIfSet(json, "invocationID", letter.invocationId());
          SummaryJson.writeIfSet(json, "serverlessRequestID", letter.serverlessRequestId());
          SummaryJson.writeIfSet(json, "originalSubject", letter.originalSubject());
          json.writeStringField("subject", stored.subject());
          json.writeNumberField("dlqSequence", stored.sequence());
          json.writeNumberField("deliveryCount", letter.deliveryCount());
          SummaryJson.writeIfSet(json, "error", letter.error());
          json.writeBooleanField("replayable", letter.payload() != null);
          json.writeEndObject();
        });
  }
}
