package dev.safefs.mcp.tools;

import dev.safefs.mcp.Listing;
import dev.safefs.os.Dir;
import dev.safefs.os.Os;
import dev.safefs.sandbox.Sandbox;
import java.io.IOException;
import java.util.List;

/**
 * A depth-first walk through open directories: each subdirectory is opened relative to its parent without following
 * symlinks, so the walk never leaves the tree it started in. Deny-listed entries are skipped, never entered.
 */
final class TreeWalk {

  interface Visitor {
    /** Called for each entry; return true to descend into a directory. False from {@link #more()} stops the walk. */
    boolean visit(String relative, Listing.Entry entry);

    boolean more();
  }

  private final Os os;
  private final Sandbox sandbox;
  private final String rootRelative;

  /** {@code rootRelative}: the canonical path of the start directory relative to its allowed root. */
  TreeWalk(Os os, Sandbox sandbox, String rootRelative) {
    this.os = os;
    this.sandbox = sandbox;
    this.rootRelative = rootRelative;
  }

  void walk(Dir dir, String prefix, Visitor visitor) throws IOException {
    List<Listing.Entry> entries = Listing.entries(os, dir, "walk");
    for (Listing.Entry e : entries) {
      if (!visitor.more()) {
        return;
      }
      String rel = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
      String canonical = rootRelative.isEmpty() ? rel : rootRelative + "/" + rel;
      if (sandbox.denied(canonical)) {
        continue;
      }
      boolean descend = visitor.visit(rel, e);
      if (descend && e.isDirectory()) {
        try (Dir sub = os.openDirAt(dir, e.name(), false)) {
          walk(sub, rel, visitor);
        } catch (IOException gone) {
          // vanished or became a symlink meanwhile: skipped, as the official server skips unreadable entries
        }
      }
    }
  }
}
