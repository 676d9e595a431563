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
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of one select list into the model. Rows written by the Go side lack our extra
 * columns: their instants are read at millisecond precision, a missing {@code started_at} or {@code
 * stored_at} falls back to {@code completed_at}, and a body the Go writer dropped ({@code
 * body_truncated} without chunks) reads as no body.
 *
 * <p>Columns are read by their index in the select list, found once: reading a row by column name
 * would parse and look up the name for every value of every row.
 */
final class Rows {
  /** The rows of a select of {@link Statements#LOOKUP_SELECT}, from any of the three tables. */
  static final Rows SUMMARIES = new Rows(Statements.LOOKUP_SELECT);

  private final int invocationId;
  private final int requestId;
  private final int mode;
  private final int state;
  private final int failureClass;
  private final int workerName;
  private final int workerNamespace;
  private final int statusCode;
  private final int contentType;
  private final int headers;
  private final int bodyInline;
  private final int bodyBytes;
  private final int bodyChunks;
  private final int error;
  private final int startedAt;
  private final int startedAtNs;
  private final int completedAt;
  private final int completedAtNs;
  private final int storedAt;
  private final int storedAtNs;

  /** Rows of a select of {@code columns}, in that order; a column not selected reads as absent. */
  Rows(List<String> columns) {
    invocationId = columns.indexOf(Schema.INVOCATION_ID);
    requestId = columns.indexOf(Schema.REQUEST_ID);
    mode = columns.indexOf(Schema.MODE);
    state = columns.indexOf(Schema.STATE);
    failureClass = columns.indexOf(Schema.FAILURE_CLASS);
    workerName = columns.indexOf(Schema.WORKER_NAME);
    workerNamespace = columns.indexOf(Schema.WORKER_NAMESPACE);
    statusCode = columns.indexOf(Schema.STATUS_CODE);
    contentType = columns.indexOf(Schema.CONTENT_TYPE);
    headers = columns.indexOf(Schema.HEADERS);
    bodyInline = columns.indexOf(Schema.BODY_INLINE);
    bodyBytes = columns.indexOf(Schema.BODY_BYTES);
    bodyChunks = columns.indexOf(Schema.BODY_CHUNKS);
    error = columns.indexOf(Schema.ERROR);
    startedAt = columns.indexOf(Schema.STARTED_AT);
    startedAtNs = columns.indexOf(Schema.STARTED_AT_NS);
    completedAt = columns.indexOf(Schema.COMPLETED_AT);
    completedAtNs = columns.indexOf(Schema.COMPLETED_AT_NS);
    storedAt = columns.indexOf(Schema.STORED_AT);
    storedAtNs = columns.indexOf(Schema.STORED_AT_NS);
  }

  /** The summary in a row. */
  ResultSummary summary(Row row) {
    String id = row.getString(invocationId);
    try {
      Instant completed = instant(row, completedAt, completedAtNs, null);
      return new ResultSummary(
          id,
          row.getString(requestId),
          InvocationMode.fromWire(row.getString(mode)),
          InvocationState.fromWire(row.getString(state)),
          row.getString(failureClass),
          integer(row, statusCode),
          row.getString(workerName),
          row.getString(workerNamespace),
          row.isNull(bodyBytes) ? 0 : row.getLong(bodyBytes),
          row.getString(error),
          instant(row, startedAt, startedAtNs, completed),
          completed);
    } catch (RuntimeException e) {
      throw unreadable(id, e);
    }
  }

  /** The result in a row of the results table, with {@code body} read separately. */
  InvocationResult result(Row row, RawJson body) {
    String id = row.getString(invocationId);
    try {
      Instant completed = instant(row, completedAt, completedAtNs, null);
      Map<String, String> headerMap = row.getMap(headers, String.class, String.class);
      return InvocationResult.builder()
          .invocationId(id)
          .serverlessRequestId(row.getString(requestId))
          .mode(InvocationMode.fromWire(row.getString(mode)))
          .state(InvocationState.fromWire(row.getString(state)))
          .failureClass(row.getString(failureClass))
          .workerName(row.getString(workerName))
          .workerNamespace(row.getString(workerNamespace))
          .statusCode(integer(row, statusCode))
          .contentType(row.getString(contentType))
          .headers(headerMap)
          .body(body)
          .error(row.getString(error))
          .startedAt(instant(row, startedAt, startedAtNs, completed))
          .completedAt(completed)
          .storedAt(instant(row, storedAt, storedAtNs, completed))
          .build();
    } catch (RuntimeException e) {
      throw unreadable(id, e);
    }
  }

  /** The inline body of a row, or {@code null}. */
  RawJson inlineBody(Row row) {
    ByteBuffer inline = row.getByteBuffer(bodyInline);
    if (inline == null || !inline.hasRemaining()) {
      return null;
    }
    return RawJson.of(inline);
  }

  /** How many chunks hold the body of a row of the results table; 0 when none. */
  int chunks(Row row) {
    return row.isNull(bodyChunks) ? 0 : row.getInt(bodyChunks);
  }

  /** The body size of a row; 0 when null. */
  long bodyBytes(Row row) {
    return row.isNull(bodyBytes) ? 0 : row.getLong(bodyBytes);
  }

  /**
   * The exact instant from the nanosecond column when it is set, else the millisecond column, else
   * {@code fallback}.
   */
  private static Instant instant(Row row, int millisColumn, int nanosColumn, Instant fallback) {
    if (!row.isNull(nanosColumn)) {
      return Timing.fromEpochNanos(row.getLong(nanosColumn));
    }
    Instant millis = row.getInstant(millisColumn);
    if (millis != null) {
      return millis;
    }
    if (fallback == null) {
      throw new IllegalStateException(
          row.getColumnDefinitions().get(millisColumn).getName().asInternal() + " is null");
    }
    return fallback;
  }

  private static Integer integer(Row row, int column) {
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
