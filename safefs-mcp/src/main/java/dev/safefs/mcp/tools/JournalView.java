package dev.safefs.mcp.tools;

import dev.safefs.DeniedException;
import dev.safefs.mcp.Context;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import dev.safefs.tx.JournalEntry;
import dev.safefs.tx.PathChange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the shared journal a client may see: operations whose every path lies inside the allowed roots (the
 * CLI and other servers record into the same state directory; their paths elsewhere are neither shown nor undone).
 */
final class JournalView {
  private JournalView() {}

  static boolean visible(Context ctx, JournalEntry e) {
    List<Path> roots = ctx.sandbox().rootPaths();
    return !e.paths().isEmpty()
        && e.paths().stream().allMatch(p -> roots.stream().anyMatch(p::startsWith));
  }

  /** Every path of {@code e} resolved through the sandbox (deny list, read-only, symlinks), or a refusal. */
  static void checkUndoable(Context ctx, JournalEntry e, String op) throws IOException {
    if (!visible(ctx, e)) {
      throw new DeniedException(op, null, "operation " + e.id() + " touched paths outside the allowed directories");
    }
    for (Path p : e.paths()) {
      try (Resolved r = ctx.sandbox().resolve(op, p.toString(), Access.REMOVE)) {
        if (!r.path().equals(p)) {
          throw new DeniedException(op, p, "the path now resolves elsewhere (" + r.path() + "); not undone");
        }
      }
    }
  }

  static Map<String, Object> describe(JournalEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("time", e.time().toString());
    m.put("op", e.op());
    if (e.undoes() != null) {
      m.put("undoes", e.undoes());
    }
    List<Map<String, Object>> changes = new ArrayList<>();
    for (PathChange c : e.changes()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("path", c.path().toString());
      cm.put("before", c.before());
      cm.put("after", c.after());
      changes.add(cm);
    }
    m.put("changes", changes);
    return m;
  }

  static String line(JournalEntry e) {
    StringBuilder sb = new StringBuilder(e.id()).append("  ").append(e.time()).append("  ").append(e.op());
    for (PathChange c : e.changes()) {
      sb.append("  ").append(c.path()).append(c.before() == null ? " (created)" : c.after() == null
          ? " (deleted)" : "");
    }
    if (e.undoes() != null) {
      sb.append("  [undoes ").append(e.undoes()).append(']');
    }
    return sb.toString();
  }
}
