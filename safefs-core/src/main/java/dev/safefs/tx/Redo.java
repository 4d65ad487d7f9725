package dev.safefs.tx;

import dev.safefs.Hashes;
import dev.safefs.os.Dir;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Performs the steps of a durable intent record. With {@code checked}, each step first looks whether it was already
 * done (recovery after a crash may find any prefix of the steps done): a write is done when its temp is gone, a
 * delete when the name no longer holds the recorded inode, a move when the source no longer holds it.
 */
final class Redo implements AutoCloseable {
  private final Os os;
  private final Map<Path, Dir> dirs;
  private final Map<Path, Dir> opened = new LinkedHashMap<>();
  private final Map<Path, Dir> touched = new LinkedHashMap<>();
  private final List<String> problems = new java.util.ArrayList<>();

  /** {@code known}: directories the caller already has open (not closed by this). */
  Redo(Os os, Map<Path, Dir> known) {
    this.os = os;
    this.dirs = known;
  }

  void apply(List<Step> steps, boolean checked) throws IOException {
    for (Step s : steps) {
      switch (s) {
        case Step.Write w -> {
          Dir d = dir(w.dir());
          if (d != null && (!checked || exists(d, w.temp()) != null)) {
            os.rename(d, w.temp(), d, w.name(), false);
          } else if (d != null && w.after() != null && !w.after().equals(sha256(d, w.name()))) {
            problems.add(w.dir().resolve(w.name()) + ": its staged content is gone and the file does not hold it"
                + " (changed since by something else)");
          }
        }
        case Step.Delete del -> {
          Dir d = dir(del.dir());
          if (d != null) {
            FileStat st = checked ? exists(d, del.name()) : null;
            if (!checked || (st != null && st.inode() == del.inode())) {
              os.unlink(d, del.name());
            }
          }
        }
        case Step.Move m -> {
          Dir from = dir(m.fromDir());
          Dir to = dir(m.toDir());
          if (from != null && to != null) {
            FileStat st = checked ? exists(from, m.fromName()) : null;
            if (!checked || (st != null && st.inode() == m.inode())) {
              os.rename(from, m.fromName(), to, m.toName(), false);
            }
          }
        }
        case Step.State ignored -> { }
      }
    }
  }

  /** What a checked redo found that it could not make right (reported, never guessed at). */
  List<String> problems() {
    return problems;
  }

  private String sha256(Dir d, String name) throws IOException {
    try (dev.safefs.os.FileHandle fh = os.open(d, name, Os.Access.READ, false)) {
      return Hashes.sha256(fh);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** fsync of every directory a step changed, each once. */
  void syncDirs() throws IOException {
    for (Dir d : touched.values()) {
      os.fsync(d);
    }
  }

  private Dir dir(Path p) throws IOException {
    Dir d = dirs.get(p);
    if (d == null) {
      d = opened.get(p);
      if (d == null) {
        try {
          d = os.openDir(p);
        } catch (NoSuchFileException e) {
          return null; // the directory went away since: nothing of this step can be redone
        }
        opened.put(p, d);
      }
    }
    touched.putIfAbsent(p, d);
    return d;
  }

  private FileStat exists(Dir d, String name) throws IOException {
    try {
      return os.stat(d, name, false);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    for (Dir d : opened.values()) {
      d.close();
    }
    opened.clear();
  }
}
