package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.resultstore.core.BodyPointer;
import dev.resultstore.core.BodyStore;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TransientStoreException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads by invocation id: one partition of the results table, plus the body chunks when the body is
 * in chunks, or the object when it is in the object store. A chunked body that changes while it is
 * read (a newer result written at that moment) is read again once from the row.
 */
final class PointReads {
  /** No limit on the size of a body read whole (but the largest array). */
  static final long UNLIMITED = Long.MAX_VALUE;

  private final CqlSession session;
  private final Statements statements;
  private final BodyReader bodies;
  private final BodyStore objectStore;
  private final int writeTimeColumn;
  private final Rows results;
  private final Rows bodyRows = new Rows(Statements.BODY_SELECT);

  PointReads(
      CqlSession session,
      Statements statements,
      Schema schema,
      int chunkBytes,
      BodyStore objectStore) {
    this.session = session;
    this.statements = statements;
    this.bodies = new BodyReader(session, statements, chunkBytes);
    this.objectStore = objectStore;
    this.writeTimeColumn = schema.results().columns().size();
    this.results = new Rows(schema.results().columns().stream().map(Schema.Column::name).toList());
  }

  CompletionStage<Optional<InvocationResult>> get(String invocationId, long maxBodyBytes) {
    Arguments.requireText("invocationId", invocationId);
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + maxBodyBytes);
    }
    return read(invocationId, maxBodyBytes, true);
  }

  CompletionStage<Optional<ResultSummary>> getSummary(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    return session
        .executeAsync(statements.pointRead(statements.selectSummary, invocationId))
        .thenApply(page -> Optional.ofNullable(page.one()).map(Rows.SUMMARIES::summary));
  }

  /**
   * The stored summary of {@code listed} (read from a lookup row) when it is the stored version of
   * its invocation: the results row exists, has the same {@code completedAt} and, when {@code
   * requestId} is not {@code null}, that request id. Empty for a stale lookup row.
   */
  CompletionStage<Optional<ResultSummary>> resolve(Listed listed, String requestId) {
    return getSummary(listed.invocationId())
        .thenApply(
            stored ->
                stored.filter(
                    summary ->
                        summary.completedAt().equals(listed.completedAt())
                            && (requestId == null
                                || summary.serverlessRequestId().equals(requestId))));
  }

  CompletionStage<Optional<InputStream>> openBody(String invocationId) {
    Arguments.requireText("invocationId", invocationId);
    return session
        .executeAsync(statements.pointRead(statements.selectBody, invocationId))
        .thenCompose(
            page -> {
              Row row = page.one();
              if (row == null) {
                return CompletableFuture.completedFuture(Optional.empty());
              }
              BodyPointer object = bodyRows.objectPointer(row);
              if (object != null) {
                return objectStore(invocationId, object).open(object).thenApply(Optional::of);
              }
              int chunks = bodyRows.chunks(row);
              int writeTime = Statements.BODY_SELECT.size();
              if (chunks > 0 && !row.isNull(writeTime)) {
                return CompletableFuture.completedFuture(
                    Optional.of(
                        new ChunkStream(
                            session, statements, invocationId, chunks, row.getLong(writeTime))));
              }
              RawJson inline = bodyRows.inlineBody(row);
              return CompletableFuture.completedFuture(
                  Optional.ofNullable(inline).map(RawJson::openStream));
            });
  }

  private CompletionStage<Optional<InvocationResult>> read(
      String invocationId, long maxBodyBytes, boolean retry) {
    return session
        .executeAsync(statements.pointRead(statements.selectResult, invocationId))
        .thenCompose(
            page -> {
              Row row = page.one();
              if (row == null) {
                return CompletableFuture.completedFuture(Optional.empty());
              }
              long size = results.bodyBytes(row);
              if (size > maxBodyBytes) {
                return CompletableFuture.failedFuture(
                    new PermanentStoreException(
                        "the body of "
                            + invocationId
                            + " is "
                            + size
                            + " bytes, over this read's limit of "
                            + maxBodyBytes
                            + "; stream it with openBody",
                        null));
              }
              BodyPointer object = results.objectPointer(row);
              if (object != null) {
                return objectStore(invocationId, object)
                    .get(object)
                    .thenApply(body -> Optional.of(results.result(row, RawJson.of(body))));
              }
              int chunks = results.chunks(row);
              if (chunks == 0 || row.isNull(writeTimeColumn)) {
                return CompletableFuture.completedFuture(
                    Optional.of(results.result(row, results.inlineBody(row))));
              }
              return bodies
                  .read(invocationId, chunks, size, row.getLong(writeTimeColumn))
                  .thenApply(body -> Optional.of(results.result(row, body)))
                  .exceptionallyCompose(
                      error -> {
                        Throwable cause = ErrorClassifier.unwrap(error);
                        if (!(cause instanceof BodyReader.BodyChangedException)) {
                          return CompletableFuture.failedFuture(cause);
                        }
                        if (retry) {
                          return read(invocationId, maxBodyBytes, false);
                        }
                        return CompletableFuture.failedFuture(
                            new TransientStoreException(
                                "CQL store: " + cause.getMessage() + "; read it again", cause));
                      });
            });
  }

  /** The object store, or a clear failure when the row points at one this store does not have. */
  private BodyStore objectStore(String invocationId, BodyPointer object) {
    if (objectStore == null) {
      throw new PermanentStoreException(
          "the body of "
              + invocationId
              + " is in an object store ("
              + object.location()
              + ") but this store has none configured (CqlStoreConfig.objectStore)",
          null);
    }
    return objectStore;
  }
}
