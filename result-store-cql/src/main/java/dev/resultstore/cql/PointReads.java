package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TransientStoreException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads by invocation id: one partition of the results table, plus the body chunks when the body is
 * not inline. A body that changes while it is read (a newer result written at that moment) is read
 * again once from the row.
 */
final class PointReads {
  private final CqlSession session;
  private final Statements statements;
  private final BodyReader bodies;
  private final int writeTimeColumn;
  private final Rows results;
  private final Rows bodyRows = new Rows(Statements.BODY_SELECT);

  PointReads(CqlSession session, Statements statements, Schema schema, int chunkBytes) {
    this.session = session;
    this.statements = statements;
    this.bodies = new BodyReader(session, statements, chunkBytes);
    this.writeTimeColumn = schema.results().columns().size();
    this.results = new Rows(schema.results().columns().stream().map(Schema.Column::name).toList());
  }

  CompletionStage<Optional<InvocationResult>> get(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    return read(invocationId, true);
  }

  CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    return session
        .executeAsync(statements.pointRead(statements.selectSummary, invocationId))
        .thenApply(page -> Optional.ofNullable(page.one()).map(Rows.SUMMARIES::summary));
  }

  /**
   * Whether {@code listed} (read from a lookup row) is the stored version of its invocation: the
   * results row exists and has the same request id and {@code completedAt}.
   */
  CompletionStage<Boolean> isStored(ResultSummary listed) {
    return getSummary(listed.invocationId())
        .thenApply(
            stored ->
                stored.isPresent()
                    && stored.get().completedAt().equals(listed.completedAt())
                    && stored.get().serverlessRequestId().equals(listed.serverlessRequestId()));
  }

  CompletionStage<Optional<InputStream>> openBody(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    return session
        .executeAsync(statements.pointRead(statements.selectBody, invocationId))
        .thenApply(
            page -> {
              Row row = page.one();
              if (row == null) {
                return Optional.empty();
              }
              int chunks = bodyRows.chunks(row);
              int writeTime = Statements.BODY_SELECT.size();
              if (chunks > 0 && !row.isNull(writeTime)) {
                return Optional.of(
                    new ChunkStream(
                        session, statements, invocationId, chunks, row.getLong(writeTime)));
              }
              RawJson inline = bodyRows.inlineBody(row);
              return Optional.ofNullable(inline).map(RawJson::openStream);
            });
  }

  private CompletionStage<Optional<InvocationResult>> read(String invocationId, boolean retry) {
    return session
        .executeAsync(statements.pointRead(statements.selectResult, invocationId))
        .thenCompose(
            page -> {
              Row row = page.one();
              if (row == null) {
                return CompletableFuture.completedFuture(Optional.empty());
              }
              int chunks = results.chunks(row);
              if (chunks == 0 || row.isNull(writeTimeColumn)) {
                return CompletableFuture.completedFuture(
                    Optional.of(results.result(row, results.inlineBody(row))));
              }
              return bodies
                  .read(invocationId, chunks, results.bodyBytes(row), row.getLong(writeTimeColumn))
                  .thenApply(body -> Optional.of(results.result(row, body)))
                  .exceptionallyCompose(
                      error -> {
                        Throwable cause = ErrorClassifier.unwrap(error);
                        if (!(cause instanceof BodyReader.BodyChangedException)) {
                          return CompletableFuture.failedFuture(cause);
                        }
                        if (retry) {
                          return read(invocationId, false);
                        }
                        return CompletableFuture.failedFuture(
                            new TransientStoreException(
                                "CQL store: " + cause.getMessage() + "; read it again", cause));
                      });
            });
  }
}
