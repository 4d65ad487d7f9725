package dev.safefs;

import java.nio.file.Path;

/** Any other I/O failure: a full disk, a file-size limit, a read-only filesystem, a failed fsync. */
public final class IoFailureException extends SafeFsException {
  public IoFailureException(String operation, Path path, String reason) {
    this(operation, path, reason, null);
  }

  public IoFailureException(String operation, Path path, String reason, Throwable cause) {
    super(operation, path, reason, cause);
  }

  @Override
  public Kind kind() {
    return Kind.IO_FAILURE;
  }
}
