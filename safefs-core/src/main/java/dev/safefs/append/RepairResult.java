package dev.safefs.append;

import java.nio.file.Path;

/**
 * What {@link LockedAppender#repair()} did.
 *
 * @param path the log
 * @param tornBytes the bytes after the last newline that were moved aside (0: the tail was whole, nothing done)
 * @param sideFile where they went, or null when nothing was torn
 * @param keptBytes the size of the log after the repair
 */
public record RepairResult(Path path, long tornBytes, Path sideFile, long keptBytes) {
  public boolean repaired() {
    return tornBytes > 0;
  }
}
