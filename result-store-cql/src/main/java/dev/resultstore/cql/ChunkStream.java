package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A chunked body as a stream, one chunk in memory at a time plus the next one, which is fetched
 * while the current one is read. {@link #read} blocks the reading thread while the next chunk is on
 * its way: read it on a thread of your own, never on a driver I/O thread.
 *
 * <p>Each chunk is checked against the write timestamp of the results row the stream was opened
 * from: when a newer result replaces the body while it is being read, {@link #read} throws an
 * {@link IOException} instead of mixing two bodies. Not thread-safe, like most streams.
 */
final class ChunkStream extends InputStream {
  private final CqlSession session;
  private final Statements statements;
  private final String invocationId;
  private final int chunks;
  private final long version;
  private ByteBuffer current = ByteBuffer.allocate(0);
  private CompletableFuture<Row> next;
  private int nextIndex;
  private boolean closed;

  ChunkStream(
      CqlSession session, Statements statements, String invocationId, int chunks, long version) {
    this.session = session;
    this.statements = statements;
    this.invocationId = invocationId;
    this.chunks = chunks;
    this.version = version;
    this.next = fetch(0);
  }

  @Override
  public int read() throws IOException {
    if (!ensureData()) {
      return -1;
    }
    return current.get() & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (!ensureData()) {
      return -1;
    }
    int count = Math.min(length, current.remaining());
    current.get(buffer, offset, count);
    return count;
  }

  @Override
  public int available() {
    return current.remaining();
  }

  @Override
  public void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
      next = null;
    }
    current = ByteBuffer.allocate(0);
  }

  /** Makes {@code current} non-empty; {@code false} at the end of the body. */
  private boolean ensureData() throws IOException {
    if (closed) {
      throw new IOException("the body stream of " + invocationId + " is closed");
    }
    while (!current.hasRemaining()) {
      if (next == null) {
        return false;
      }
      Row row = await(next);
      int index = nextIndex++;
      next = nextIndex < chunks ? fetch(nextIndex) : null;
      if (row == null || row.isNull(2) || row.getLong(2) != version || row.isNull(1)) {
        close();
        throw new IOException(
            "chunk "
                + index
                + " of the body of "
                + invocationId
                + " is missing or belongs to a newer result; read it again");
      }
      current = row.getByteBuffer(1);
    }
    return true;
  }

  private CompletableFuture<Row> fetch(int index) {
    return session
        .executeAsync(statements.read(statements.selectChunks, 1, invocationId, index, index + 1))
        .thenApply(page -> page.one())
        .toCompletableFuture();
  }

  private Row await(CompletableFuture<Row> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the body of " + invocationId);
    } catch (ExecutionException e) {
      close();
      throw new IOException(
          ErrorClassifier.classify(e.getCause(), "reading the body of " + invocationId)
              .getMessage(),
          e.getCause());
    }
  }
}
