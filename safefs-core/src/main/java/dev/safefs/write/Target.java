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
record Target(Path path, Dir dir, String name, FileStat existing) implements AutoCloseable {

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
        return new Target(p, dir, name, null);
      } catch (IOException | RuntimeException e) {
        dir.close();
        throw e;
      }
      if (!st.isSymlink()) {
        return new Target(p, dir, name, st);
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

  @Override
  public void close() throws IOException {
    dir.close();
  }
}
