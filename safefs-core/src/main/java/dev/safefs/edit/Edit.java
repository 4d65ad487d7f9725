package dev.safefs.edit;

/**
 * One replacement: {@code oldText} becomes {@code newText}. Without {@code replaceAll} the old text must be found
 * exactly once; with it, every occurrence (at least one) is replaced.
 */
public record Edit(String oldText, String newText, boolean replaceAll) {
  public Edit {
    if (oldText == null || newText == null) {
      throw new IllegalArgumentException("old and new text must not be null");
    }
  }

  public static Edit of(String oldText, String newText) {
    return new Edit(oldText, newText, false);
  }
}
