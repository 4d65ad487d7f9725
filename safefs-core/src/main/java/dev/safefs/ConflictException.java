package dev.safefs;

import java.nio.file.Path;

/** The target is not in the state the caller expected: it exists, its hash differs, or a match is ambiguous. */
public final class ConflictException extends SafeFsException {
  public ConflictException(String operation, Path path, String reason) {
    this(operation, path, reason, null);
  }

  public ConflictException(String operation, Path path, String reason, Throwable cause) {
    super(operation, path, reason, cause);
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
