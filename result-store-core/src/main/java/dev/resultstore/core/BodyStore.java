package dev.resultstore.core;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Keeps result bodies outside the database, in an object store: the SPI a sink puts large bodies
 * through (the "claim check": the results row keeps a {@link BodyPointer}, the bytes live here).
 * Implementations are thread-safe and never block the calling thread on I/O.
 *
 * <p>Guarantees the sink relies on:
 *
 * <ul>
 *   <li><b>One object per version</b>: the same invocation id and version always name the same
 *       object, so a redelivery overwrites it; two versions never share one.
 *   <li><b>Durable on completion</b>: {@link #put} completes normally only once the object is
 *       stored; only then does the sink write the row that points at it (the commit point).
 *   <li><b>Nothing silent</b>: a missing object fails the read with a {@link
 *       PermanentStoreException} naming its key, never an empty body; a body whose size or checksum
 *       differs from the pointer's fails too.
 * </ul>
 *
 * <p>Failures complete the stage with a {@link TransientStoreException} (the object store is
 * unreachable, slow, refusing credentials, or the bucket is missing: retry later, dead-letter
 * nothing) or a {@link PermanentStoreException} (it refuses this body or key for good).
 */
public interface BodyStore extends AutoCloseable {

  /**
   * Stores {@code body} as version {@code version} of {@code invocationId}'s body, replacing the
   * same version if it exists.
   *
   * @param version names this version of the body (the sink passes the result's {@code
   *     completedAt}); letters, digits, {@code .} and {@code -}
   * @return where it is, with its size and checksum, to keep in the results row
   */
  CompletionStage<BodyPointer> put(String invocationId, String version, ByteBuffer body);

  /** The whole body, checked against the pointer's size and checksum. */
  CompletionStage<byte[]> get(BodyPointer pointer);

  /**
   * The body as a stream, read from the object store while it is read (never held whole): its
   * {@code read} methods block on I/O, so read it on a thread of your own, and close it. The last
   * read throws an {@link java.io.IOException} when the size or checksum differs from the
   * pointer's.
   */
  CompletionStage<InputStream> open(BodyPointer pointer);

  /**
   * Deletes every stored version of {@code invocationId}'s body; completes normally when there is
   * none.
   */
  CompletionStage<Void> deleteAll(String invocationId);

  /** Releases what the store holds; the default does nothing. */
  @Override
  default void close() {}
}
