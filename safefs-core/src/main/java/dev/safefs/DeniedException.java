package dev.safefs;

import java.nio.file.Path;

/** Permission or sandbox denial. */
public final class DeniedException extends SafeFsException {
  public DeniedException(String operation, Path path, String reason) {
    this(operation, path, reason, null);
  }

  public DeniedException(String operation, Path path, String reason, Throwable cause) {
    super(operation, path, reason, cause);
  }

  @Override
  public Kind kind() {
    return Kind.DENIED;
  }
}
