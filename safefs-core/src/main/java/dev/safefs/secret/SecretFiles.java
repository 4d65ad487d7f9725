package dev.safefs.secret;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Secret files: content that only its owner may read, at mode 0600 from its first byte to its last replace.
 *
 * <p>No instant exists where the secret (or a part of it) has a wider mode: the content streams into a temp that
 * {@link AtomicWriter} creates with O_CREAT|O_EXCL and mode 0600 (never {@code touch} then {@code chmod}), the temp
 * is given mode 0600 again before its rename (a no-op unless the umask narrowed it further), and the rename publishes
 * it over any older file, so an existing file with a wider mode is replaced, not chmod-ed: the old inode, with its
 * old mode and old content, simply loses its name.
 *
 * <p>The parent directory must not be group- or world-writable (as logrotate insists): in such a directory another
 * user could swap names beside or under the secret. Sticky directories such as /tmp are refused too: the sticky bit
 * stops others from removing or renaming our file, but not from planting names of their own, and this is not a place
 * to keep a secret. {@code force} overrides the check. A PATH that is a symlink is refused: a secret is written where
 * it is named, never through a link someone else may have placed. A refusal is a {@link DeniedException} (exit code
 * 4 in the CLI); a symlink or non-file PATH is invalid input (exit code 2).
 */
public final class SecretFiles {
  static final String OP = "secret";
  public static final int MODE = 0600;

  private SecretFiles() {}

  /** Writes all of {@code content} to {@code path} as a secret (mode 0600), atomically replacing any old file. */
  public static WriteResult write(Path path, InputStream content, boolean force) throws IOException {
    return write(Os.get(), path, content, force);
  }

  /** As {@link #write(Path, InputStream, boolean)}, on a given OS layer. */
  public static WriteResult write(Os os, Path path, InputStream content, boolean force) throws IOException {
    Path abs = path.toAbsolutePath();
    check(os, abs, force);
    WriteOptions options = WriteOptions.defaults().withMode(MODE);
    try (AtomicWriter w = AtomicWriter.open(os, abs, options)) {
      w.transferFrom(content);
      return w.commit();
    }
  }

  /** The checks of a secret's place: a real file name, in a directory only its owner can write. */
  static void check(Os os, Path abs, boolean force) throws IOException {
    Path parent = abs.getParent();
    String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
    if (parent == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new InvalidInputException(OP, abs, "is not a file path");
    }
    try (Dir dir = os.openDir(parent)) {
      FileStat d = os.stat(dir);
      if (!force) {
        String why = unsafeDirectory(d.mode());
        if (why != null) {
          throw new DeniedException(OP, abs, "parent directory " + parent + " " + why
              + "; refusing to keep a secret there (use --force to write anyway)");
        }
      }
      FileStat existing;
      try {
        existing = os.stat(dir, name, false);
      } catch (NoSuchFileException e) {
        return;
      }
      if (existing.isSymlink()) {
        throw new InvalidInputException(OP, abs, "is a symbolic link; refusing to write a secret through it");
      }
      if (!existing.isRegularFile()) {
        throw new InvalidInputException(OP, abs,
            "is not a regular file (" + existing.type().name().toLowerCase(Locale.ROOT) + ")");
      }
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, abs, "check directory", e);
    }
  }

  /** Why a directory with these mode bits is no place for a secret, or null when it is fine. */
  static String unsafeDirectory(int mode) {
    boolean group = (mode & 0020) != 0;
    boolean other = (mode & 0002) != 0;
    if (!group && !other) {
      return null;
    }
    String who = group && other ? "group- and world-writable" : group ? "group-writable" : "world-writable";
    String sticky = (mode & 01000) != 0
        ? " (sticky, like /tmp: others cannot replace the secret, but they can plant names beside it)"
        : "";
    return "is " + who + " (mode " + String.format("%04o", mode) + ")" + sticky;
  }
}
