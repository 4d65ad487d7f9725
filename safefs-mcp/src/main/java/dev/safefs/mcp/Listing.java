package dev.safefs.mcp;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.DirEntry;
import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;
import dev.safefs.os.Os;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Directory entries read through an open directory (getdents64 on Linux), sorted by name. */
public final class Listing {
  private Listing() {}

  /** One entry; {@code type} is never UNKNOWN (a stat without following settles it). */
  public record Entry(String name, FileType type) {
    public boolean isDirectory() {
      return type == FileType.DIRECTORY;
    }
  }

  public static List<Entry> entries(Os os, Dir dir, String op) throws IOException {
    List<DirEntry> raw = new ArrayList<>();
    try {
      os.list(dir, raw::add);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, dir.path(), "list", e);
    }
    List<Entry> out = new ArrayList<>(raw.size());
    for (DirEntry e : raw) {
      FileType t = e.type();
      if (t == FileType.UNKNOWN) {
        try {
          t = os.stat(dir, e.name(), false).type();
        } catch (IOException gone) {
          continue; // vanished meanwhile
        }
      }
      out.add(new Entry(e.name(), t));
    }
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /** Stat without following, or null when the entry vanished. */
  public static FileStat lstat(Os os, Dir dir, String name) {
    try {
      return os.stat(dir, name, false);
    } catch (IOException e) {
      return null;
    }
  }
}
