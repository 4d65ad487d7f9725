package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Glob;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** search_files: glob over paths relative to the start directory; full paths of matches, bounded. */
public final class SearchFiles implements ToolHandler {
  private final Context ctx;

  public SearchFiles(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("search_files", "Search Files",
        "Recursively search for files and directories matching a pattern. "
            + "The patterns should be glob-style patterns that match paths relative to the working directory. "
            + "Use pattern like '*.ext' to match files in current directory, and '**/*.ext' to match files in all "
            + "subdirectories. Returns full paths to all matching items. Great for finding files when you don't "
            + "know their exact location. Only searches within allowed directories.",
        Schema.object().string("path", true, null).string("pattern", true, null)
            .strings("excludePatterns", false, null)
            .integer("offset", false, "safefs: skip this many matches (paging)")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Search Files", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    Glob pattern = Glob.compile(args.string("pattern"));
    List<Glob> excludes = args.strings("excludePatterns", false).stream().map(Glob::compile).toList();
    long offset = args.optLong("offset") == null ? 0 : args.optLong("offset");
    List<String> results = new ArrayList<>();
    long[] seen = {0};
    boolean[] truncated = {false};
    try (Resolved r = ctx.sandbox().resolve("search_files", path, Access.LIST);
        Dir dir = r.openDirectory(ctx.os())) {
      Path base = r.path();
      new TreeWalk(ctx.os(), ctx.sandbox(), r.relative()).walk(dir, "", new TreeWalk.Visitor() {
        @Override
        public boolean visit(String rel, Listing.Entry e) {
          if (excludes.stream().anyMatch(x -> x.matches(rel))) {
            return false;
          }
          if (pattern.matches(rel)) {
            if (seen[0]++ >= offset) {
              if (results.size() >= ctx.maxEntries()) {
                truncated[0] = true;
              } else {
                results.add(base.resolve(rel).toString());
              }
            }
          }
          return true;
        }

        @Override
        public boolean more() {
          return !truncated[0];
        }
      });
    }
    String text = results.isEmpty() ? "No matches found" : String.join("\n", results);
    if (truncated[0]) {
      text += "\n[more matches; call again with offset=" + (offset + results.size()) + "]";
    }
    return Results.text(text, Map.of("matches", results.size(), "truncated", truncated[0]));
  }
}
