package dev.safefs.mcp;

import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import dev.safefs.sandbox.Resolved;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Whole-file reads through a resolved path: opened without following, regular files only, bounded in size. */
public final class FileReads {
  private FileReads() {}

  /** The whole content of a regular file, and the stat of the inode it was read from. */
  public record Read(byte[] bytes, FileStat stat) {}

  /** The bytes of a regular file, refusing more than {@code max} bytes. */
  public static byte[] bytes(Os os, Resolved r, String op, long max) throws IOException {
    return read(os, r, op, max).bytes();
  }

  /** As {@link #bytes}, with the stat of the inode read (for {@code RecordedReplace.beforeRead}). */
  public static Read read(Os os, Resolved r, String op, long max) throws IOException {
    if (!r.exists()) {
      throw new dev.safefs.NotFoundException(op, r.path(), "no such file");
    }
    try (FileHandle fh = os.open(r.dir(), r.name(), Os.Access.READ, false)) {
      FileStat st = fh.stat();
      if (st.isDirectory()) {
        throw new InvalidInputException(op, r.path(), "is a directory (use list_directory)");
      }
      if (!st.isRegularFile()) {
        throw new InvalidInputException(op, r.path(), "is not a regular file (" + st.type().name().toLowerCase(
            java.util.Locale.ROOT) + "); only regular files are read");
      }
      if (st.size() > max) {
        throw new InvalidInputException(op, r.path(), "is " + st.size() + " bytes, more than the " + max
            + " bytes one call returns; read it in windows with head, tail or offset/limit");
      }
      byte[] data = fh.readAll(st.size(), max);
      if (data.length > max) {
        throw new InvalidInputException(op, r.path(), "grew past " + max + " bytes while it was read");
      }
      return new Read(data, st);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, r.path(), "read", e);
    }
  }

  /** The SHA-256 (hex) of a regular file's content, read through its open directory. */
  public static String sha256(Os os, Resolved r, String op) throws IOException {
    try (FileHandle fh = os.open(r.dir(), r.name(), Os.Access.READ, false)) {
      return dev.safefs.Hashes.sha256(fh);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, r.path(), "read", e);
    }
  }

  public static String text(Os os, Resolved r, String op, long max) throws IOException {
    return new String(bytes(os, r, op, max), StandardCharsets.UTF_8);
  }
}
