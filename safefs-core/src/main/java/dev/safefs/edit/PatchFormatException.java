package dev.safefs.edit;

/** The patch text cannot be read; carries the patch line it failed at. Turned into an InvalidInputException. */
final class PatchFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  PatchFormatException(int line, String message) {
    super("patch line " + line + ": " + message);
  }
}
