package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import dev.safefs.tx.Journal;
import dev.safefs.tx.JournalEntry;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** file_history: recorded changes, newest first, for one file or directory (or all), with ids for undo. */
public final class FileHistory implements ToolHandler {
  private final Context ctx;

  public FileHistory(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("file_history", "File History",
        "List the changes safefs recorded (writes, edits, moves, deletes, patches, undos), newest first, each "
            + "with the id the undo tool takes. Give a path to see only changes to that file or below that "
            + "directory.",
        Schema.object()
            .string("path", false, "A file or directory inside the allowed directories (default: all)")
            .integer("limit", false, "At most this many operations (default 20)")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("File History", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    if (ctx.journal() == null) {
      throw args.invalid("this server keeps no journal");
    }
    Long lim = args.optLong("limit");
    int limit = lim == null || lim == 0 ? 20 : (int) Math.min(lim, 1000);
    Path under = null;
    if (args.has("path")) {
      try (Resolved r = ctx.sandbox().resolve("file_history", args.string("path"), Access.STAT)) {
        under = r.path();
      }
    }
    Journal.History h = ctx.journal().history(0, under);
    List<JournalEntry> shown = new ArrayList<>();
    for (JournalEntry e : h.entries()) {
      if (shown.size() >= limit) {
        break;
      }
      if (JournalView.visible(ctx, e)) {
        shown.add(e);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (JournalEntry e : shown) {
      sb.append(JournalView.line(e)).append('\n');
    }
    if (shown.isEmpty()) {
      sb.append("No recorded changes").append(under == null ? "" : " to " + under).append('\n');
    }
    for (String p : h.problems()) {
      sb.append("warning: ").append(p).append('\n');
    }
    return Results.text(sb.toString().stripTrailing(), Map.of(
        "operations", shown.stream().map(JournalView::describe).toList(),
        "problems", h.problems()));
  }
}
