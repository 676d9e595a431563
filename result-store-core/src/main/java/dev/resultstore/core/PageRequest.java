package dev.resultstore.core;

/**
 * Which page of a query to return.
 *
 * @param size how many items at most, from 1 to {@link #MAX_SIZE}
 * @param cursor where the previous page ended ({@link ResultPage#nextCursor()}); {@code null} for
 *     the first page
 */
public record PageRequest(int size, String cursor) {

  /** The largest page a reader returns. */
  public static final int MAX_SIZE = 1000;

  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "page size must be from 1 to " + MAX_SIZE + ", but was " + size);
    }
    if (cursor != null && cursor.isBlank()) {
      throw new IllegalArgumentException("a cursor must not be blank; use null for the first page");
    }
  }

  /** The first page of {@code size} items. */
  public static PageRequest first(int size) {
    return new PageRequest(size, null);
  }

  /** The page after {@code cursor}. */
  public static PageRequest after(String cursor, int size) {
    return new PageRequest(size, cursor);
  }
}
