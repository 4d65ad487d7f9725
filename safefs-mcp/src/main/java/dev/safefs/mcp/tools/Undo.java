package dev.safefs.mcp.tools;

import dev.safefs.NotFoundException;
import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.tx.JournalEntry;
import dev.safefs.tx.TxResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * undo: restores the files of one recorded operation to their state before it, as one transaction (itself
 * recorded, so an undo can be undone). Refuses a file changed since that operation unless {@code force}.
 */
public final class Undo implements ToolHandler {
  private final Context ctx;

  public Undo(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("undo", "Undo",
        "Undo a change recorded by safefs: the files it touched go back to their content before it, all at once. "
            + "Without an id, the newest recorded change inside the allowed directories is undone. A file changed "
            + "since then is not overwritten (the error names it) unless force is true. The undo is recorded "
            + "too, so it can itself be undone. file_history lists the ids.",
        Schema.object()
            .string("id", false, "The operation to undo (from file_history or a tool result's journalId)")
            .string("after", false, "Instead of one operation: undo every operation recorded after this id "
                + "(not the id itself), newest first, as one transaction")
            .bool("force", false, false, "Overwrite files changed since that operation")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Undo", false, true, false));
  }

  private CallToolResult undoAfter(String after, boolean force) throws IOException {
    ctx.journal().entry(after).orElseThrow(() -> new NotFoundException("undo", null,
        "no operation " + after + " in the journal (file_history lists them)"));
    java.util.List<JournalEntry> newer = ctx.journal().history(0, null).entries().stream()
        .filter(e -> e.id().compareTo(after) > 0).toList();
    if (newer.isEmpty()) {
      throw new NotFoundException("undo", null, "nothing was recorded after " + after);
    }
    for (JournalEntry e : newer) {
      JournalView.checkUndoable(ctx, e, "undo");
    }
    TxResult r = ctx.journal().undoAfter(after, force);
    String paths = r.changes().stream().map(c -> c.path().toString()).distinct().collect(Collectors.joining(", "));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("undid", newer.stream().map(JournalEntry::id).toList());
    extra.put("journalId", r.recorded() ? r.id() : null);
    return Results.text("Undid " + newer.size() + " operation" + (newer.size() == 1 ? "" : "s") + " after " + after
        + ": restored " + paths + (r.recorded() ? " (this undo is " + r.id() + ")" : ""), extra);
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    if (ctx.journal() == null) {
      throw args.invalid("this server keeps no journal");
    }
    ctx.sandbox().checkWritable("undo", "");
    String id = args.optString("id", null);
    String after = args.optString("after", null);
    boolean force = args.bool("force", false);
    if (after != null) {
      if (id != null) {
        throw args.invalid("give 'id' or 'after', not both");
      }
      return undoAfter(after, force);
    }
    JournalEntry e;
    if (id == null) {
      e = ctx.journal().history(0, null).entries().stream().filter(x -> JournalView.visible(ctx, x)).findFirst()
          .orElseThrow(() -> new NotFoundException("undo", null, "no recorded change inside the allowed "
              + "directories to undo"));
    } else {
      e = ctx.journal().entry(id).orElseThrow(() -> new NotFoundException("undo", null,
          "no operation " + id + " in the journal (file_history lists them)"));
    }
    JournalView.checkUndoable(ctx, e, "undo");
    TxResult r = ctx.journal().undo(e.id(), force);
    String paths = r.changes().stream().map(c -> c.path().toString()).distinct().collect(Collectors.joining(", "));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("undid", e.id());
    extra.put("op", e.op());
    extra.put("journalId", r.recorded() ? r.id() : null);
    extra.put("changes", r.changes().stream().map(c -> Map.of("path", c.path().toString(),
        "now", c.after() == null ? "absent" : "restored")).toList());
    return Results.text("Undid " + e.op() + " " + e.id() + ": restored " + paths
        + (r.recorded() ? " (this undo is " + r.id() + ")" : ""), extra);
  }
}
