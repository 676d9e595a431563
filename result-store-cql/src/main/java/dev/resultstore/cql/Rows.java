package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.resultstore.core.InvalidResultException;
import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultSummary;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * Turns rows into the model. Rows written by the Go side lack our extra columns: their instants are
 * read at millisecond precision, a missing {@code started_at} or {@code stored_at} falls back to
 * {@code completed_at}, and a body the Go writer dropped ({@code body_truncated} without chunks)
 * reads as no body.
 */
final class Rows {
  private Rows() {}

  /** The summary in a row holding {@link Statements#LOOKUP_SELECT}. */
  static ResultSummary summary(Row row) {
    String invocationId = row.getString(Schema.INVOCATION_ID);
    try {
      Instant completedAt = instant(row, Schema.COMPLETED_AT, Schema.COMPLETED_AT_NS, null);
      return new ResultSummary(
          invocationId,
          row.getString(Schema.REQUEST_ID),
          InvocationMode.fromWire(row.getString(Schema.MODE)),
          InvocationState.fromWire(row.getString(Schema.STATE)),
          row.getString(Schema.FAILURE_CLASS),
          integer(row, Schema.STATUS_CODE),
          row.getString(Schema.WORKER_NAME),
          row.getString(Schema.WORKER_NAMESPACE),
          row.isNull(Schema.BODY_BYTES) ? 0 : row.getLong(Schema.BODY_BYTES),
          row.getString(Schema.ERROR),
          instant(row, Schema.STARTED_AT, Schema.STARTED_AT_NS, completedAt),
          completedAt);
    } catch (RuntimeException e) {
      throw unreadable(invocationId, e);
    }
  }

  /** The result in a row of the results table, with {@code body} read separately. */
  static InvocationResult result(Row row, RawJson body) {
    String invocationId = row.getString(Schema.INVOCATION_ID);
    try {
      Instant completedAt = instant(row, Schema.COMPLETED_AT, Schema.COMPLETED_AT_NS, null);
      Map<String, String> headers = row.getMap(Schema.HEADERS, String.class, String.class);
      return InvocationResult.builder()
          .invocationId(invocationId)
          .serverlessRequestId(row.getString(Schema.REQUEST_ID))
          .mode(InvocationMode.fromWire(row.getString(Schema.MODE)))
          .state(InvocationState.fromWire(row.getString(Schema.STATE)))
          .failureClass(row.getString(Schema.FAILURE_CLASS))
          .workerName(row.getString(Schema.WORKER_NAME))
          .workerNamespace(row.getString(Schema.WORKER_NAMESPACE))
          .statusCode(integer(row, Schema.STATUS_CODE))
          .contentType(row.getString(Schema.CONTENT_TYPE))
          .headers(headers)
          .body(body)
          .error(row.getString(Schema.ERROR))
          .startedAt(instant(row, Schema.STARTED_AT, Schema.STARTED_AT_NS, completedAt))
          .completedAt(completedAt)
          .storedAt(instant(row, Schema.STORED_AT, Schema.STORED_AT_NS, completedAt))
          .build();
    } catch (RuntimeException e) {
      throw unreadable(invocationId, e);
    }
  }

  /** The inline body of a row, or {@code null}. */
  static RawJson inlineBody(Row row) {
    ByteBuffer inline = row.getByteBuffer(Schema.BODY_INLINE);
    if (inline == null || !inline.hasRemaining()) {
      return null;
    }
    byte[] bytes = new byte[inline.remaining()];
    inline.duplicate().get(bytes);
    return RawJson.of(bytes);
  }

  /** How many chunks hold the body of a row of the results table; 0 when none. */
  static int chunks(Row row) {
    return row.isNull(Schema.BODY_CHUNKS) ? 0 : row.getInt(Schema.BODY_CHUNKS);
  }

  /**
   * The exact instant from the nanosecond column when it is set, else the millisecond column, else
   * {@code fallback}.
   */
  static Instant instant(Row row, String millisColumn, String nanosColumn, Instant fallback) {
    if (!row.isNull(nanosColumn)) {
      return Timing.fromEpochNanos(row.getLong(nanosColumn));
    }
    Instant millis = row.getInstant(millisColumn);
    if (millis != null) {
      return millis;
    }
    if (fallback == null) {
      throw new IllegalStateException(millisColumn + " is null");
    }
    return fallback;
  }

  private static Integer integer(Row row, String column) {
    return row.isNull(column) ? null : row.getInt(column);
  }

  private static PermanentStoreException unreadable(String invocationId, RuntimeException e) {
    String reason =
        e instanceof InvalidResultException || e instanceof IllegalArgumentException
            ? e.getMessage()
            : e.toString();
    return new PermanentStoreException(
        "CQL store: the stored row of " + invocationId + " cannot be read: " + reason, e);
  }
}
