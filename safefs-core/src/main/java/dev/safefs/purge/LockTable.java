package dev.safefs.purge;

import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The kernel's table of flock(2) locks ({@code /proc/locks}), read once, so that a dry run can tell which files a
 * writer holds without opening each one. Entries look like {@code 1: FLOCK ADVISORY WRITE 1234 fe:00:2156832 0 EOF}
 * (device major:minor in hex, then the inode). Only on the Linux layer, whose device numbers are major and minor.
 */
final class LockTable {
  private final Set<String> keys;
  private final Set<Long> inodes = new HashSet<>();

  private LockTable(Set<String> keys) {
    this.keys = keys;
    if (keys != null) {
      for (String k : keys) {
        inodes.add(Long.parseLong(k.substring(k.lastIndexOf(':') + 1)));
      }
    }
  }

  static LockTable read(Os os) {
    if (!os.name().equals("linux")) {
      return new LockTable(null);
    }
    try {
      Set<String> keys = new HashSet<>();
      for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
        if (!line.contains(" FLOCK ")) {
          continue;
        }
        // by hand, not split("\\s+") and a stream: a regex and a lambda cost a short command milliseconds to start
        for (int start = 0, end; start < line.length(); start = end + 1) {
          end = line.indexOf(' ', start);
          if (end < 0) {
            end = line.length();
          }
          String tok = line.substring(start, end);
          int a = tok.indexOf(':');
          int b = tok.lastIndexOf(':');
          if (a > 0 && b > a + 1 && b < tok.length() - 1 && allDigits(tok, b + 1)) {
            long major = Long.parseLong(tok.substring(0, a), 16);
            long minor = Long.parseLong(tok.substring(a + 1, b), 16);
            keys.add(major + ":" + minor + ":" + tok.substring(b + 1));
            break;
          }
        }
      }
      return new LockTable(keys);
    } catch (IOException | RuntimeException e) {
      return new LockTable(null);
    }
  }

  private static boolean allDigits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the file's inode appears in the table at all (on any device), or the table could not be read: only such
   * a file needs a closer look (its lock tried) before it is removed.
   */
  boolean mayBeLocked(long inode) {
    return keys == null || inodes.contains(inode);
  }

  /** Whether an flock is held on the file, or null when the table could not be read (probe the file instead). */
  Boolean isLocked(long device, long inode) {
    if (keys == null) {
      return null;
    }
    if (!inodes.contains(inode)) {
      return false; // the common case, without building a key
    }
    return keys.contains((device >>> 32) + ":" + (device & 0xffffffffL) + ":" + inode);
  }
}
