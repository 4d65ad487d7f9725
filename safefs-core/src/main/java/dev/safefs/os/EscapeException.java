package dev.safefs.os;

import java.nio.file.FileSystemException;

/** A path that would resolve outside the directory it must stay beneath. */
public final class EscapeException extends FileSystemException {
  public EscapeException(String file, String reason) {
    super(file, null, reason);
  }
}
