package dev.safefs;

import java.nio.file.Path;

/** A path that must exist does not. */
public final class NotFoundException extends SafeFsException {
  public NotFoundException(String operation, Path path, String reason) {
    this(operation, path, reason, null);
  }

  public NotFoundException(String operation, Path path, String reason, Throwable cause) {
    super(operation, path, reason, cause);
  }

  @Override
  public Kind kind() {
    return Kind.NOT_FOUND;
  }
}
