package dev.safefs.find;

/**
 * The ignore files in force in one directory: its own and its ancestors' up to the walk's root, deepest first. A
 * deeper file overrides a shallower one, and in one directory {@code .ignore} overrides {@code .gitignore} (as in
 * ripgrep). Immutable: a directory's stack is shared by all of its subdirectories.
 */
final class IgnoreStack {
  private final IgnoreStack parent;
  /** The directory of these files, relative to the walk's root ("" for the root). */
  private final String base;
  private final IgnoreRules ignore;
  private final IgnoreRules gitignore;

  private IgnoreStack(IgnoreStack parent, String base, IgnoreRules ignore, IgnoreRules gitignore) {
    this.parent = parent;
    this.base = base;
    this.ignore = ignore;
    this.gitignore = gitignore;
  }

  /** The stack with a directory's own files on top, or {@code parent} itself when it has none. */
  static IgnoreStack push(IgnoreStack parent, String base, IgnoreRules ignore, IgnoreRules gitignore) {
    boolean none = (ignore == null || ignore.isEmpty()) && (gitignore == null || gitignore.isEmpty());
    return none ? parent : new IgnoreStack(parent, base, ignore, gitignore);
  }

  /** Whether the entry at {@code relative} (from the root) is ignored. */
  static boolean ignored(IgnoreStack top, String relative, String name, boolean isDir) {
    for (IgnoreStack s = top; s != null; s = s.parent) {
      String rel = s.base.isEmpty() ? relative : relative.substring(s.base.length() + 1);
      if (s.ignore != null) {
        IgnoreRules.Verdict v = s.ignore.match(rel, name, isDir);
        if (v != IgnoreRules.Verdict.NONE) {
          return v == IgnoreRules.Verdict.IGNORE;
        }
      }
      if (s.gitignore != null) {
        IgnoreRules.Verdict v = s.gitignore.match(rel, name, isDir);
        if (v != IgnoreRules.Verdict.NONE) {
          return v == IgnoreRules.Verdict.IGNORE;
        }
      }
    }
    return false;
  }
}
