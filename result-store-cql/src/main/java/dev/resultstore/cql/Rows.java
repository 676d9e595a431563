package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import dev.resultstore.core.BodyPointer;
import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.InvalidResultException;
import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * would parse and look up the name for every value of every row. Values are decoded from the cell
 * bytes with codecs resolved once ({@code Row.getString(int)} looks its codec up in the registry
 * and decodes through a charset decoder with two buffers per cell): a point read decodes some
 * twenty cells, on the driver's I/O thread.
 */
final class Rows {
  /** The rows of a select of {@link Statements#SUMMARY_SELECT} from the results table. */
  static final Rows SUMMARIES = new Rows(Statements.SUMMARY_SELECT);

  private static final TypeCodec<Map<String, String>> HEADERS =
      TypeCodecs.mapOf(TypeCodecs.TEXT, TypeCodecs.TEXT);

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
  private final int objectBucket;
  private final int objectKey;
  private final int objectChecksum;
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
    objectBucket = columns.indexOf(Schema.BODY_OBJECT_BUCKET);
    objectKey = columns.indexOf(Schema.BODY_OBJECT_KEY);
    objectChecksum = columns.indexOf(Schema.BODY_OBJECT_CHECKSUM);
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
    String id = text(row, invocationId);
    try {
      Instant completed = instant(row, completedAt, completedAtNs, null);
      return new ResultSummary(
          id,
          text(row, requestId),
          InvocationMode.fromWire(text(row, mode)),
          InvocationState.fromWire(text(row, state)),
          text(row, failureClass),
          integer(row, statusCode),
          text(row, workerName),
          text(row, workerNamespace),
          bodyBytes(row),
          text(row, error),
          instant(row, startedAt, startedAtNs, completed),
          completed);
    } catch (RuntimeException e) {
      throw unreadable(id, e);
    }
  }

  /**
   * The result a lookup row lists, from a select of {@link Statements#LISTED_SELECT}: its exact
   * {@code completedAt} from the nanosecond column, else (a row without it) the millisecond one.
   */
  static Listed listed(Row row) {
    String id = text(row, 0);
    try {
      Long nanos = bigint(row, 2);
      Instant completed;
      if (nanos != null) {
        completed = Timing.fromEpochNanos(nanos);
      } else {
        Long millis = bigint(row, 1);
        if (millis == null) {
          throw new IllegalStateException("completed_at is null");
        }
        completed = Instant.ofEpochMilli(millis);
      }
      return new Listed(id, completed);
    } catch (RuntimeException e) {
      throw unreadable(id, e);
    }
  }

  /** The result in a row of the results table, with {@code body} read separately. */
  InvocationResult result(Row row, RawJson body) {
    String id = text(row, invocationId);
    try {
      Instant completed = instant(row, completedAt, completedAtNs, null);
      Map<String, String> headerMap =
          HEADERS.decode(row.getBytesUnsafe(headers), row.protocolVersion());
      return InvocationResult.builder()
          .invocationId(id)
          .serverlessRequestId(text(row, requestId))
          .mode(InvocationMode.fromWire(text(row, mode)))
          .state(InvocationState.fromWire(text(row, state)))
          .failureClass(text(row, failureClass))
          .workerName(text(row, workerName))
          .workerNamespace(text(row, workerNamespace))
          .statusCode(integer(row, statusCode))
          .contentType(text(row, contentType))
          .headers(headerMap)
          .body(body)
          .error(text(row, error))
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
    ByteBuffer inline = row.getBytesUnsafe(bodyInline);
    if (inline == null || !inline.hasRemaining()) {
      return null;
    }
    return RawJson.of(inline);
  }

  /** How many chunks hold the body of a row of the results table; 0 when none. */
  int chunks(Row row) {
    Integer chunks = integer(row, bodyChunks);
    return chunks == null ? 0 : chunks;
  }

  /** Where the object store keeps the body of a row; {@code null} when it does not. */
  BodyPointer objectPointer(Row row) {
    String bucket = text(row, objectBucket);
    String key = text(row, objectKey);
    if (bucket == null || key == null) {
      return null;
    }
    String checksum = text(row, objectChecksum);
    try {
      return new BodyPointer(bucket, key, bodyBytes(row), checksum == null ? "none" : checksum);
    } catch (RuntimeException e) {
      throw unreadable(text(row, invocationId), e);
    }
  }

  /** The body size of a row; 0 when null. */
  long bodyBytes(Row row) {
    Long size = bigint(row, bodyBytes);
    return size == null ? 0 : size;
  }

  /**
   * The exact instant from the nanosecond column when it is set, else the millisecond column, else
   * {@code fallback}.
   */
  private static Instant instant(Row row, int millisColumn, int nanosColumn, Instant fallback) {
    Long nanos = bigint(row, nanosColumn);
    if (nanos != null) {
      return Timing.fromEpochNanos(nanos);
    }
    Long millis = bigint(row, millisColumn);
    if (millis != null) {
      return Instant.ofEpochMilli(millis);
    }
    if (fallback == null) {
      throw new IllegalStateException(
          row.getColumnDefinitions().get(millisColumn).getName().asInternal() + " is null");
    }
    return fallback;
  }

  /** A {@code text} cell; {@code null} when null. */
  private static String text(Row row, int column) {
    ByteBuffer bytes = row.getBytesUnsafe(column);
    if (bytes == null) {
      return null;
    }
    if (bytes.hasArray()) {
      return new String(
          bytes.array(),
          bytes.arrayOffset() + bytes.position(),
          bytes.remaining(),
          StandardCharsets.UTF_8);
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return new String(copy, StandardCharsets.UTF_8);
  }

  /** An {@code int} cell; {@code null} when null or empty. */
  private static Integer integer(Row row, int column) {
    ByteBuffer bytes = row.getBytesUnsafe(column);
    return bytes == null || bytes.remaining() < Integer.BYTES
        ? null
        : bytes.getInt(bytes.position());
  }

  /** A {@code bigint} or {@code timestamp} (milliseconds) cell; {@code null} when null or empty. */
  private static Long bigint(Row row, int column) {
    ByteBuffer bytes = row.getBytesUnsafe(column);
    return bytes == null || bytes.remaining() < Long.BYTES ? null : bytes.getLong(bytes.position());
  }

  private static PermanentStoreException unreadable(String invocationId, RuntimeException e) {
    String reason =
        e instanceof InvalidResultException || e instanceof IllegalArgumentException
            ? e.getMessage()
            : e.toString();
    return new PermanentStoreException(
        "CQL store: the stored row of " + invocationId + " cannot be read: " + reason, e);
  }

  /** The columns of a select of {@link Statements#STATUS_SELECT} from the status table. */
  static final class StatusColumns {
    /** When the stored result expires (its marker); {@code null} when there is no marker. */
    Instant expiresAt(Row row) {
      Long millis = bigint(row, 0);
      return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** The dead-letter record of the row; {@code null} when there is none. */
    DeadLetterRecord deadLetter(String invocationId, Row row) {
      String failureClass = text(row, 1);
      Long failedAt = bigint(row, 3);
      if (failureClass == null || failedAt == null) {
        return null;
      }
      String reason = text(row, 2);
      return new DeadLetterRecord(
          invocationId, failureClass, reason == null ? "" : reason, Instant.ofEpochMilli(failedAt));
    }
  }
}
