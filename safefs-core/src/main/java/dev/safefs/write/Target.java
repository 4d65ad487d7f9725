package dev.safefs.write;

import dev.safefs.os.Dir;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a write really lands: the final target of a chain of symlinks (the links themselves are kept), its open
 * directory, and its stat, or null when it does not exist yet.
 */
record Target(Path path, Dir dir, String name, FileStat existing, boolean ownsDir) implements AutoCloseable {

  private static final int MAX_LINKS = 40;

  static Target resolve(Os os, Path given) throws IOException {
    Path p = given.toAbsolutePath();
    for (int hops = 0; ; hops++) {
      Path parent = p.getParent();
      String last = p.getFileName() == null ? null : p.getFileName().toString();
      if (parent == null || last == null || last.equals(".") || last.equals("..")) {
        throw new java.nio.file.FileSystemException(p.toString(), null, "is not a file path");
      }
      String name = last;
      Dir dir = os.openDir(parent);
      FileStat st;
      try {
        st = os.stat(dir, name, false);
      } catch (NoSuchFileException e) {
        return new Target(p, dir, name, null, true);
      } catch (IOException | RuntimeException e) {
        dir.close();
        throw e;
      }
      if (!st.isSymlink()) {
        return new Target(p, dir, name, st, true);
      }
      String link;
      try {
        link = os.readLink(dir, name);
      } finally {
        dir.close();
      }
      if (hops >= MAX_LINKS) {
        throw new FileSystemLoopException(given.toString());
      }
      p = parent.resolve(link);
    }
  }

  /**
   * The name {@code name} in an already open directory, which stays the caller's to close. The name is taken as it
   * is: a symlink there is replaced by the rename, never followed.
   */
  static Target in(Os os, Dir dir, String name) throws IOException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
      throw new java.nio.file.FileSystemException(dir.path().resolve(name).toString(), null, "is not a file name");
    }
    FileStat st;
    try {
      st = os.stat(dir, name, false);
    } catch (NoSuchFileException e) {
      st = null;
    }
    return new Target(dir.path().resolve(name), dir, name, st, false);
  }

  @Override
  public void close() throws IOException {
    if (ownsDir) {
      dir.close();
    }
  }
}
