package dev.safefs.write;

/** How much a commit waits for the disk before it returns. */
public enum Durability {
  /** No fsync: atomic against crashes of the process, not of the machine. */
  NONE,
  /** fsync of the file's content before the rename. */
  FILE,
  /** fsync of the content and of the directory after the rename: survives power loss. The default. */
  FILE_AND_DIRECTORY
}
