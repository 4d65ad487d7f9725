package dev.safefs.read;

/**
 * Which lines of a text file to read: a window of {@code limit} lines from line {@code offset} (1-based), or the
 * last {@code limit} lines ({@link #tail}). Lines longer than {@code maxLineBytes} are cut and marked. A tail of a
 * big file says which line it starts at only when {@code numbered} (that costs a scan of the whole file).
 */
public record ReadOptions(boolean tail, long offset, int limit, int maxLineBytes, boolean numbered) {
  public static final int DEFAULT_LIMIT = 2000;
  public static final int DEFAULT_MAX_LINE_BYTES = 4000;

  public ReadOptions {
    if (offset < 1) {
      throw new IllegalArgumentException("offset must be 1 or more (lines count from 1): " + offset);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    if (maxLineBytes < 16) {
      throw new IllegalArgumentException("maxLineBytes must be at least 16: " + maxLineBytes);
    }
  }

  /** The first {@value #DEFAULT_LIMIT} lines. */
  public static ReadOptions defaults() {
    return window(1, DEFAULT_LIMIT);
  }

  public static ReadOptions window(long offset, int limit) {
    return new ReadOptions(false, offset, limit, DEFAULT_MAX_LINE_BYTES, false);
  }

  public static ReadOptions head(int lines) {
    return window(1, lines);
  }

  public static ReadOptions tail(int lines) {
    return new ReadOptions(true, 1, lines, DEFAULT_MAX_LINE_BYTES, false);
  }

  public ReadOptions withMaxLineBytes(int max) {
    return new ReadOptions(tail, offset, limit, max, numbered);
  }

  public ReadOptions withNumbered(boolean n) {
    return new ReadOptions(tail, offset, limit, maxLineBytes, n);
  }
}
