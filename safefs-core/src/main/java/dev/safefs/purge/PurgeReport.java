package dev.safefs.purge;

import java.nio.file.Path;
import java.util.List;

/**
 * What a purge removed (or, in a dry run, would remove), and what it skipped and why.
 *
 * @param dryRun true when nothing was removed
 * @param removed the files removed or that would be, sorted by path
 * @param removedDirs directories removed (or that would be) because the purge left them empty
 * @param skipped what was passed over, with the reason: locked by a writer, permission denied, another filesystem,
 *     changed during the purge
 * @param scannedFiles the files looked at
 */
public record PurgeReport(boolean dryRun, List<Removed> removed, List<Path> removedDirs, List<Skipped> skipped,
    long scannedFiles) {

  public record Removed(Path path, long bytes) {}

  public record Skipped(Path path, String reason) {}

  public long files() {
    return removed.size();
  }

  public long bytes() {
    long b = 0;
    for (Removed r : removed) {
      b += r.bytes();
    }
    return b;
  }
}
