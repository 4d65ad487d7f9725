package dev.safefs.tx;

import java.nio.file.Path;

/**
 * What one recorded operation did to one path.
 *
 * @param path the absolute path
 * @param before lower-case hex SHA-256 of the content before, or null when the file did not exist
 * @param after lower-case hex SHA-256 of the content after, or null when the operation removed it
 * @param beforeMode the permission bits before (what undo restores), or -1 when unknown or absent
 */
public record PathChange(Path path, String before, String after, int beforeMode) {
  public PathChange(Path path, String before, String after) {
    this(path, before, after, -1);
  }
}
