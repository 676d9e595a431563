package dev.resultstore.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.GeneratedEvents;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Step "go row": the floor of storing a result at all. One prepared {@code INSERT} per result of
 * the Go table's row, the 17 columns of {@code invocation_results} in the contract, as the Go
 * writer writes them: the server's write time (no {@code USING TIMESTAMP}), no TTL (the Go store
 * keeps results until deleted), a body over the inline limit dropped ({@code body_inline} null,
 * {@code body_truncated} true), absent values bound as nulls, as the Go driver binds a nil. Nothing
 * else: no chunks, no lookup rows, no NATS. Timed like the ceiling, at the same concurrency.
 */
final class GoRowStep {
  /** The contract's columns of {@code invocation_results}, in the order they are bound. */
  static final List<String> COLUMNS =
      List.of(
          "invocation_id",
          "serverless_request_id",
          "mode",
          "state",
          "failure_class",
          "worker_name",
          "worker_namespace",
          "status_code",
          "content_type",
          "headers",
          "body_inline",
          "body_bytes",
          "body_truncated",
          "error",
          "started_at",
          "completed_at",
          "stored_at");

  private final PreparedStatement insert;
  private final ConsistencyLevel consistency;
  private final int maxInlineBodyBytes;

  /** Prepares the {@code INSERT} into the results table of {@code config}, which must exist. */
  GoRowStep(CqlSession session, CqlStoreConfig config) {
    String cql =
        "INSERT INTO "
            + RawCql.table(config.keyspace(), config.resultsTable())
            + " ("
            + String.join(", ", COLUMNS)
            + ") VALUES ("
            + COLUMNS.stream().map(name -> "?").collect(Collectors.joining(", "))
            + ")";
    this.insert = session.prepare(SimpleStatement.newInstance(cql).setIdempotent(true));
    this.consistency = config.writeConsistency();
    this.maxInlineBodyBytes = config.maxInlineBodyBytes();
  }

  /** Writes the row of every event, {@code concurrency} in flight. */
  StepResult run(
      String label,
      CqlSession session,
      GeneratedEvents events,
      int concurrency,
      CpuMeter cpu,
      PrintWriter err,
      Duration stall)
      throws InterruptedException {
    ResultCodec codec = ResultCodec.create();
    return WriteSteps.timed(
        label,
        events.count(),
        concurrency,
        index -> session.executeAsync(row(codec.decode(events.json(index)), Instant.now())),
        cpu,
        err,
        stall);
  }

  /** The row of {@code result}, stored at {@code now}. */
  BoundStatement row(InvocationResult result, Instant now) {
    byte[] body = result.body() == null ? null : result.body().toByteArray();
    boolean dropped = body != null && body.length > maxInlineBodyBytes;
    BoundStatementBuilder row =
        insert.boundStatementBuilder().setConsistencyLevel(consistency).setIdempotence(true);
    row.setString(0, result.invocationId());
    row.setString(1, result.serverlessRequestId());
    row.setString(2, result.mode().wireValue());
    row.setString(3, result.state().wireValue());
    row.setString(4, result.failureClass());
    row.setString(5, result.workerName());
    row.setString(6, result.workerNamespace());
    if (result.statusCode() == null) {
      row.setToNull(7);
    } else {
      row.setInt(7, result.statusCode());
    }
    row.setString(8, result.contentType());
    row.setMap(9, result.headers(), String.class, String.class);
    row.setByteBuffer(10, body == null || dropped ? null : ByteBuffer.wrap(body));
    row.setLong(11, result.bodyBytes());
    row.setBoolean(12, dropped);
    row.setString(13, result.error());
    row.setInstant(14, result.startedAt());
    row.setInstant(15, result.completedAt());
    row.setInstant(16, now);
    return row.build();
  }
}
