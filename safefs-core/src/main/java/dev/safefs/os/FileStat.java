package dev.safefs.os;

import java.time.Instant;

/**
 * What stat says of a file. {@code mode} holds the permission bits only (07777); the type is separate.
 */
public record FileStat(
    FileType type, int mode, int uid, int gid, long size, long inode, long device, long links,
    Instant accessed, Instant modified, Instant changed) {

  public boolean isRegularFile() {
    return type == FileType.FILE;
  }

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }

  /** Same file: same device and inode. */
  public boolean sameFile(FileStat other) {
    return other != null && inode == other.inode && device == other.device;
  }
}
