package dev.safefs.os;

/** The type of a directory entry or file, as getdents64 and stat report it. */
public enum FileType {
  FILE, DIRECTORY, SYMLINK, FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE,
  /** The filesystem did not say (d_type DT_UNKNOWN): a stat is needed. */
  UNKNOWN;

  /** From the S_IFMT bits of st_mode. */
  public static FileType ofMode(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> FILE;
      case 0040000 -> DIRECTORY;
      case 0120000 -> SYMLINK;
      case 0010000 -> FIFO;
      case 0140000 -> SOCKET;
      case 0020000 -> CHAR_DEVICE;
      case 0060000 -> BLOCK_DEVICE;
      default -> UNKNOWN;
    };
  }

  /** From a linux_dirent64 d_type. */
  static FileType ofDirentType(int dType) {
    return switch (dType) {
      case 8 -> FILE;
      case 4 -> DIRECTORY;
      case 10 -> SYMLINK;
      case 1 -> FIFO;
      case 12 -> SOCKET;
      case 2 -> CHAR_DEVICE;
      case 6 -> BLOCK_DEVICE;
      default -> UNKNOWN;
    };
  }
}
