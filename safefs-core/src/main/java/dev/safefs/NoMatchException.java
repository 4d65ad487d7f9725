package dev.safefs;

import java.nio.file.Path;

/**
 * The text an edit or a patch hunk expects is not in the file (a conflict: the file is not in the state the caller
 * assumed). When a similar region exists it is carried as {@link #closest()}: never applied, only shown ("did you
 * mean"), so the caller can retry with the exact text.
 */
public final class NoMatchException extends SafeFsException {

  /**
   * The region most similar to the expected text.
   *
   * @param firstLine first line of the region, 1-based
   * @param lastLine last line of the region, inclusive
   * @param similarity 0..1
   * @param text the region as it is in the file
   * @param diff unified diff from the expected text to the region
   */
  public record Closest(int firstLine, int lastLine, double similarity, String text, String diff) {}

  private final Closest closest;

  public NoMatchException(String operation, Path path, String reason, Closest closest) {
    super(operation, path, reason, null);
    this.closest = closest;
  }

  /** The most similar region, or null when nothing is similar enough to suggest. */
  public Closest closest() {
    return closest;
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
