package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultStatus;
import dev.resultstore.core.ResultSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What happens to a result besides its write: its status (from the results row and the status
 * table), the dead-letter record, and deletion.
 *
 * <p>Deletion writes tombstones with the write timestamp {@code max(now, completedAt + 1 µs)}:
 * every copy of the result whose {@code completedAt} is not after it (its cells carry {@code
 * completedAt} as their timestamp) is shadowed, whatever order the copies arrive in. A tombstone is
 * kept for the table's {@code gc_grace_seconds} (3 hours) at least; a copy written after it was
 * purged is stored again (docs/cql.md).
 */
final class ResultLifecycle {
  private static final Rows.StatusColumns STATUS = new Rows.StatusColumns();

  private final CqlSession session;
  private final Statements statements;
  private final PointReads pointReads;
  private final Lookups lookups;
  private final CqlStoreConfig config;
  private final Clock clock;

  ResultLifecycle(
      CqlSession session,
      Statements statements,
      PointReads pointReads,
      Lookups lookups,
      CqlStoreConfig config,
      Clock clock) {
    this.session = session;
    this.statements = statements;
    this.pointReads = pointReads;
    this.lookups = lookups;
    this.config = config;
    this.clock = clock;
  }

  /** Stored wins, then an expiry marker, then a dead-letter record; else unknown. */
  CompletionStage<ResultStatus> status(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    CompletableFuture<Optional<ResultSummary>> stored =
        pointReads.getSummary(invocationId).toCompletableFuture();
    CompletableFuture<AsyncResultSet> traces =
        session
            .executeAsync(statements.pointRead(statements.selectStatus, invocationId))
            .toCompletableFuture();
    return stored.thenCombine(
        traces,
        (summary, page) -> {
          if (summary.isPresent()) {
            return ResultStatus.stored(summary.get());
          }
          Row row = page.one();
          if (row == null) {
            return ResultStatus.unknown();
          }
          Instant expiredAt = STATUS.expiresAt(row);
          if (expiredAt != null) {
            return ResultStatus.expired(expiredAt);
          }
          DeadLetterRecord record = STATUS.deadLetter(invocationId, row);
          return record == null ? ResultStatus.unknown() : ResultStatus.deadLettered(record);
        });
  }

  CompletionStage<Void> recordDeadLetter(DeadLetterRecord record) {
    Objects.requireNonNull(record, "record");
    int ttl =
        Timing.ttlSeconds(
            config.retention(InvocationState.DEAD_LETTERED), record.failedAt(), clock.instant());
    if (ttl == Timing.EXPIRED) {
      return CompletableFuture.completedFuture(null);
    }
    return session
        .executeAsync(
            statements.write(
                statements.markDeadLettered,
                Timing.writeTimestamp(record.failedAt()),
                ttl,
                record.failureClass(),
                record.reason(),
                record.failedAt(),
                record.invocationId()))
        .thenApply(ignored -> null);
  }

  /**
   * Reads the row (for the lookup keys and its {@code completedAt}), then deletes the row, the
   * body, the status row and the two lookup rows at once.
   */
  CompletionStage<Boolean> delete(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    return pointReads
        .getSummary(invocationId)
        .thenCompose(
            found -> {
              long now = Timing.writeTimestamp(clock.instant());
              long timestamp =
                  found
                      .map(
                          summary ->
                              Math.max(now, Timing.writeTimestamp(summary.completedAt()) + 1))
                      .orElse(now);
              List<CompletionStage<?>> deletes = new ArrayList<>();
              deletes.add(delete(statements.deleteResult, timestamp, invocationId));
              deletes.add(deleteBody(invocationId, timestamp));
              deletes.add(delete(statements.deleteStatus, timestamp, invocationId));
              found.ifPresent(summary -> deletes.addAll(deleteLookups(summary, timestamp)));
              return Futures.allOf(deletes).thenApply(ignored -> found.isPresent());
            });
  }

  /**
   * The one place a body is deleted: its chunks (a store that keeps bodies elsewhere removes them
   * here too). The tombstone covers every chunk of every version at or before {@code timestamp}.
   */
  private CompletionStage<?> deleteBody(String invocationId, long timestamp) {
    return delete(statements.deleteChunks, timestamp, invocationId);
  }

  private List<CompletionStage<?>> deleteLookups(ResultSummary summary, long timestamp) {
    Instant completedAt = summary.completedAt();
    Instant bucket = lookups.bucket(Lookups.floorMillis(completedAt));
    String invocationId = summary.invocationId();
    return List.of(
        delete(
            statements.deleteByRequest,
            timestamp,
            summary.serverlessRequestId(),
            bucket,
            completedAt,
            invocationId),
        delete(
            statements.deleteByTime,
            timestamp,
            bucket,
            lookups.shard(invocationId),
            completedAt,
            invocationId));
  }

  private CompletionStage<AsyncResultSet> delete(
      PreparedStatement statement, long timestamp, Object... key) {
    Object[] values = new Object[key.length + 1];
    values[0] = timestamp;
    System.arraycopy(key, 0, values, 1, key.length);
    return session.executeAsync(statements.write(statement, values));
  }
}
