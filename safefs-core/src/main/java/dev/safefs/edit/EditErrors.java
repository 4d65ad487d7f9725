package dev.safefs.edit;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NoMatchException;
import dev.safefs.SafeFsException;
import java.nio.file.Path;

/** Re-labels failures with where they happened (which edit, which file and hunk of a patch). */
final class EditErrors {
  private EditErrors() {}

  static SafeFsException prefix(SafeFsException e, String where) {
    return at(e, e.operation(), e.path(), where);
  }

  /** The same failure (same kind, same did-you-mean), for {@code path}, its reason prefixed with {@code where}. */
  static SafeFsException at(SafeFsException e, String op, Path path, String where) {
    String reason = where + e.reason();
    return switch (e) {
      case NoMatchException n -> new NoMatchException(op, path, reason, n.closest());
      case ConflictException c -> new ConflictException(op, path, reason, c);
      case InvalidInputException i -> new InvalidInputException(op, path, reason, i);
      default -> e;
    };
  }

  static ConflictException changedMeanwhile(String op, Path path, ConflictException cause) {
    return new ConflictException(op, path,
        "the file changed while the edit was being made (" + cause.reason() + "): nothing was written; read it"
            + " again and retry", cause);
  }
}
