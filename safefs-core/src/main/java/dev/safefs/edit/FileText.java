package dev.safefs.edit;

import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Reads a file to edit: a regular file (through symlinks), its bytes and their hash. */
final class FileText {
  private FileText() {}

  /** Size of the file; refuses directories and special files with a clear error. */
  static long size(String op, Path path) throws SafeFsException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, path, "", e);
    }
    if (a.isDirectory()) {
      throw new InvalidInputException(op, path, "is a directory");
    }
    if (!a.isRegularFile()) {
      throw new InvalidInputException(op, path, "is not a regular file");
    }
    return a.size();
  }

  static byte[] read(String op, Path path) throws SafeFsException {
    size(op, path);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, path, "read", e);
    }
  }

  static boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** How a path is named in diff headers: {@code a/rel} and {@code b/rel}, or the absolute path on both sides. */
  static String[] diffNames(Path shown) {
    String s = shown.toString();
    return shown.isAbsolute() ? new String[] {s, s} : new String[] {"a/" + s, "b/" + s};
  }

  /** Files up to this size are edited in memory with every strategy; bigger ones are streamed (exact only). */
  static long inMemoryLimit() {
    String forced = System.getProperty("safefs.edit.inMemoryLimit");
    if (forced != null) {
      return Long.parseLong(forced);
    }
    return Math.max(1L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 10));
  }
}
