package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.RawJson;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads a chunked body whole. Each chunk must carry the write timestamp of the results row that
 * points at it, and the chunks must be contiguous and add up to {@code body_bytes}; otherwise the
 * body changed between reading the row and reading the chunks (a newer result was written at that
 * moment) and {@link BodyChangedException} tells the caller to read the row again.
 */
final class BodyReader {
  /** The longest body read whole: the largest Java array. */
  static final long MAX_WHOLE_BODY = Integer.MAX_VALUE - 8;

  /** Bytes per page of chunks. */
  private static final int PAGE_BYTES = 1024 * 1024;

  private final CqlSession session;
  private final Statements statements;
  private final int chunksPerPage;

  BodyReader(CqlSession session, Statements statements, int chunkBytes) {
    this.session = session;
    this.statements = statements;
    this.chunksPerPage = Math.max(1, PAGE_BYTES / chunkBytes);
  }

  /** The body of {@code invocationId}: {@code chunks} chunks, {@code size} bytes in all. */
  CompletionStage<RawJson> read(String invocationId, int chunks, long size, long version) {
    if (size > MAX_WHOLE_BODY) {
      return CompletableFuture.failedFuture(
          new PermanentStoreException(
              "CQL store: the body of "
                  + invocationId
                  + " is "
                  + size
                  + " bytes, too large to read whole; stream it with openBody",
              null));
    }
    Assembly assembly = new Assembly(invocationId, chunks, (int) size, version);
    return session
        .executeAsync(
            statements.read(statements.selectChunks, chunksPerPage, invocationId, 0, chunks))
        .thenCompose(assembly::consume);
  }

  /** The chunks read so far into one array. Used by one stage chain at a time. */
  private static final class Assembly {
    private final String invocationId;
    private final int chunks;
    private final byte[] bytes;
    private final long version;
    private int nextIndex;
    private int offset;

    Assembly(String invocationId, int chunks, int size, long version) {
      this.invocationId = invocationId;
      this.chunks = chunks;
      this.bytes = new byte[size];
      this.version = version;
    }

    CompletionStage<RawJson> consume(AsyncResultSet page) {
      for (Row row : page.currentPage()) {
        ByteBuffer data = row.getByteBuffer(1);
        int length = data == null ? 0 : data.remaining();
        if (row.getInt(0) != nextIndex
            || row.isNull(2)
            || row.getLong(2) != version
            || length == 0
            || length > bytes.length - offset) {
          throw new BodyChangedException(invocationId);
        }
        data.duplicate().get(bytes, offset, length);
        offset += length;
        nextIndex++;
      }
      if (page.hasMorePages()) {
        return page.fetchNextPage().thenCompose(this::consume);
      }
      if (nextIndex != chunks || offset != bytes.length) {
        throw new BodyChangedException(invocationId);
      }
      return CompletableFuture.completedFuture(RawJson.of(bytes));
    }
  }

  /** The chunks do not match the row: read the row again. */
  static final class BodyChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyChangedException(String invocationId) {
      super(
          "the body chunks of "
              + invocationId
              + " do not match its row (a newer result was written meanwhile, or chunks are"
              + " missing)",
          null,
          false,
          false);
    }
  }
}
