package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Listing;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.os.Dir;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** list_directory: "[DIR] name" / "[FILE] name" lines, sorted by name, bounded with a paging hint. */
public final class ListDirectory implements ToolHandler {
  private final Context ctx;

  public ListDirectory(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("list_directory", "List Directory",
        "Get a detailed listing of all files and directories in a specified path. "
            + "Results clearly distinguish between files and directories with [FILE] and [DIR] "
            + "prefixes. This tool is essential for understanding directory structure and "
            + "finding specific files within a directory. Only works within allowed directories.",
        Schema.object().string("path", true, null)
            .integer("offset", false, "safefs: skip this many entries (paging through large directories)")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("List Directory", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    long offset = args.optLong("offset") == null ? 0 : args.optLong("offset");
    List<Listing.Entry> entries;
    try (Resolved r = ctx.sandbox().resolve("list_directory", path, Access.LIST);
        Dir dir = r.openDirectory(ctx.os())) {
      entries = Listing.entries(ctx.os(), dir, "list_directory");
    }
    int total = entries.size();
    int from = (int) Math.min(offset, total);
    int to = Math.min(total, from + ctx.maxEntries());
    String text = entries.subList(from, to).stream()
        .map(e -> (e.isDirectory() ? "[DIR] " : "[FILE] ") + e.name())
        .collect(Collectors.joining("\n"));
    if (to < total) {
      text += "\n[" + (total - to) + " more entries; call again with offset=" + to + "]";
    }
    return Results.text(text, Map.of("total", total, "truncated", to < total));
  }
}
