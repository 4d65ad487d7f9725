package dev.safefs.purge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a purge removes. At least one condition is required: {@code olderThan}, {@code keepNewest} or
 * {@code maxTotalSize} (globs only narrow the candidates; a purge with no condition is refused).
 *
 * <ul>
 *   <li>Candidates: regular files under the root matching any of {@code globs} (all files when none) and none of
 *       {@code protect}, on the root's filesystem.
 *   <li>{@code olderThan}: a candidate whose chosen time ({@code time}) is more than this long ago is removed.
 *   <li>{@code keepNewest}: the N newest candidates of each directory are never removed; given alone, every other
 *       candidate is removed.
 *   <li>{@code maxTotalSize}: after the other rules, the oldest remaining candidates are removed until the candidates
 *       left total at most this many bytes (like logback's totalSizeCap).
 * </ul>
 *
 * @param apply remove; false is a dry run that reports exactly what would be removed
 * @param removeEmptyDirs also remove directories the purge leaves empty (never the root)
 * @param allowInsecure on the portable layer (paths, no directory descriptors), purge anyway, accepting that a
 *     directory swapped for a symlink mid-walk can redirect a delete; refused otherwise
 * @param now the reference time for ages
 */
public record PurgeOptions(
    Duration olderThan, TimeField time, List<String> globs, List<String> protect, Integer keepNewest,
    Long maxTotalSize, boolean apply, boolean removeEmptyDirs, boolean allowInsecure, Instant now) {

  /** Which of a file's times its age is measured by. */
  public enum TimeField {
    MTIME, ATIME, CTIME
  }

  public PurgeOptions {
    time = time == null ? TimeField.MTIME : time;
    globs = globs == null ? List.of() : List.copyOf(globs);
    protect = protect == null ? List.of() : List.copyOf(protect);
    now = now == null ? Instant.now() : now;
    if (olderThan != null && olderThan.isNegative()) {
      throw new IllegalArgumentException("--older-than must not be negative");
    }
    if (keepNewest != null && keepNewest < 0) {
      throw new IllegalArgumentException("--keep-newest must not be negative");
    }
    if (maxTotalSize != null && maxTotalSize < 0) {
      throw new IllegalArgumentException("--max-total-size must not be negative");
    }
  }

  public static PurgeOptions olderThan(Duration age) {
    return new PurgeOptions(age, TimeField.MTIME, List.of(), List.of(), null, null, false, false, false, null);
  }

  public static PurgeOptions none() {
    return new PurgeOptions(null, TimeField.MTIME, List.of(), List.of(), null, null, false, false, false, null);
  }

  public boolean hasCondition() {
    return olderThan != null || keepNewest != null || maxTotalSize != null;
  }

  public PurgeOptions withOlderThan(Duration d) {
    return new PurgeOptions(d, time, globs, protect, keepNewest, maxTotalSize, apply, removeEmptyDirs, allowInsecure,
        now);
  }

  public PurgeOptions withTime(TimeField t) {
    return new PurgeOptions(olderThan, t, globs, protect, keepNewest, maxTotalSize, apply, removeEmptyDirs,
        allowInsecure, now);
  }

  public PurgeOptions withGlobs(List<String> g) {
    return new PurgeOptions(olderThan, time, g, protect, keepNewest, maxTotalSize, apply, removeEmptyDirs,
        allowInsecure, now);
  }

  public PurgeOptions withProtect(List<String> p) {
    return new PurgeOptions(olderThan, time, globs, p, keepNewest, maxTotalSize, apply, removeEmptyDirs,
        allowInsecure, now);
  }

  public PurgeOptions withKeepNewest(Integer n) {
    return new PurgeOptions(olderThan, time, globs, protect, n, maxTotalSize, apply, removeEmptyDirs, allowInsecure,
        now);
  }

  public PurgeOptions withMaxTotalSize(Long bytes) {
    return new PurgeOptions(olderThan, time, globs, protect, keepNewest, bytes, apply, removeEmptyDirs,
        allowInsecure, now);
  }

  public PurgeOptions withApply(boolean a) {
    return new PurgeOptions(olderThan, time, globs, protect, keepNewest, maxTotalSize, a, removeEmptyDirs,
        allowInsecure, now);
  }

  public PurgeOptions withRemoveEmptyDirs(boolean r) {
    return new PurgeOptions(olderThan, time, globs, protect, keepNewest, maxTotalSize, apply, r, allowInsecure,
        now);
  }

  public PurgeOptions withAllowInsecure(boolean a) {
    return new PurgeOptions(olderThan, time, globs, protect, keepNewest, maxTotalSize, apply, removeEmptyDirs, a,
        now);
  }

  public PurgeOptions withNow(Instant n) {
    return new PurgeOptions(olderThan, time, globs, protect, keepNewest, maxTotalSize, apply, removeEmptyDirs,
        allowInsecure, n);
  }
}
