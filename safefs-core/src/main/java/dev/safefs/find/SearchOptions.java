package dev.safefs.find;

/**
 * A content search: {@code pattern} is an RE2 regex (linear time: a caller's pattern cannot hang the search) or,
 * with {@code fixed}, a plain string. {@code mode}: matching lines (with {@code before}/{@code after} lines of
 * context), files only, or counts per file. {@code maxCount}: matching lines per file, -1 for all. {@code offset}
 * and {@code limit} page through the results (lines, or files in the files and counts modes); a limit of -1 means
 * none. Paging walks in sorted order so that pages are stable.
 */
public record SearchOptions(String pattern, boolean fixed, boolean ignoreCase, Mode mode, int before, int after,
    long maxCount, long offset, long limit, WalkOptions walk) {

  public enum Mode { LINES, FILES, COUNTS }

  public SearchOptions {
    if (pattern == null) {
      throw new IllegalArgumentException("no pattern");
    }
    if (before < 0 || after < 0) {
      throw new IllegalArgumentException("context must not be negative");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    if (limit < -1 || maxCount < -1) {
      throw new IllegalArgumentException("limit and max count: -1 (none) or more");
    }
  }

  public static SearchOptions of(String pattern) {
    return new SearchOptions(pattern, false, false, Mode.LINES, 0, 0, -1, 0, -1, WalkOptions.defaults());
  }

  public SearchOptions withFixed(boolean f) {
    return new SearchOptions(pattern, f, ignoreCase, mode, before, after, maxCount, offset, limit, walk);
  }

  public SearchOptions withIgnoreCase(boolean i) {
    return new SearchOptions(pattern, fixed, i, mode, before, after, maxCount, offset, limit, walk);
  }

  public SearchOptions withMode(Mode m) {
    return new SearchOptions(pattern, fixed, ignoreCase, m, before, after, maxCount, offset, limit, walk);
  }

  public SearchOptions withContext(int b, int a) {
    return new SearchOptions(pattern, fixed, ignoreCase, mode, b, a, maxCount, offset, limit, walk);
  }

  public SearchOptions withMaxCount(long m) {
    return new SearchOptions(pattern, fixed, ignoreCase, mode, before, after, m, offset, limit, walk);
  }

  public SearchOptions withPage(long off, long lim) {
    return new SearchOptions(pattern, fixed, ignoreCase, mode, before, after, maxCount, off, lim, walk);
  }

  public SearchOptions withWalk(WalkOptions w) {
    return new SearchOptions(pattern, fixed, ignoreCase, mode, before, after, maxCount, offset, limit, w);
  }

  boolean paged() {
    return offset > 0 || limit >= 0;
  }
}
