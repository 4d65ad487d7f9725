package dev.safefs.sandbox;

import dev.safefs.os.Dir;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A path resolved beneath an allowed root: its parent directory, opened beneath the root so that no later rename or
 * symlink swap can redirect it, and its last component, to be used with the {@code *At} operations of {@link Os}
 * without following symlinks. Close it when done: it owns the directory.
 *
 * @param root the real path of the root the path lies in
 * @param relative the canonical path relative to the root ("" for the root itself), symlinks resolved
 * @param path the canonical absolute path, for messages and results
 * @param dir the open parent directory (the root itself when {@code name} is empty)
 * @param name the last component, or "" when the path is the root itself
 * @param stat what lstat said of the last component when resolved, or null when it does not exist
 */
public record Resolved(Path root, String relative, Path path, Dir dir, String name, FileStat stat, Dir rootDir)
    implements AutoCloseable {

  public boolean exists() {
    return stat != null;
  }

  public boolean isRoot() {
    return name.isEmpty();
  }

  /** Opens the resolved path as a directory (a new handle, the caller's to close); never follows a symlink. */
  public Dir openDirectory(Os os) throws IOException {
    if (name.isEmpty()) {
      return os.openDirBeneath(rootDir, ".");
    }
    return os.openDirAt(dir, name, false);
  }

  /** Stat of the resolved path now (the root itself when {@code name} is empty), without following. */
  public FileStat statNow(Os os) throws IOException {
    return name.isEmpty() ? os.stat(dir) : os.stat(dir, name, false);
  }

  @Override
  public void close() throws IOException {
    dir.close();
  }
}
