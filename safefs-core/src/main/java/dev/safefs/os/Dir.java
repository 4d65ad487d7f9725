package dev.safefs.os;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An open directory: on Linux a directory file descriptor that names resolve against, so that a directory swapped
 * for a symlink after it was opened cannot redirect an operation; on the portable path, the directory's path.
 */
public interface Dir extends AutoCloseable {
  /** The path this directory was opened by, for messages. */
  Path path();

  @Override
  void close() throws IOException;
}
