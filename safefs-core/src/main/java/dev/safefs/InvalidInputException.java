package dev.safefs;

import java.nio.file.Path;

/** Input that can never succeed as given: a bad option, a malformed patch, a corrupt record. */
public final class InvalidInputException extends SafeFsException {
  public InvalidInputException(String operation, Path path, String reason) {
    this(operation, path, reason, null);
  }

  public InvalidInputException(String operation, Path path, String reason, Throwable cause) {
    super(operation, path, reason, cause);
  }

  @Override
  public Kind kind() {
    return Kind.INVALID_INPUT;
  }
}
