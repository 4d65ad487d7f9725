package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** list_allowed_directories: the roots, one a line, after the official header. */
public final class ListAllowedDirectories implements ToolHandler {
  private final Context ctx;

  public ListAllowedDirectories(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("list_allowed_directories", "List Allowed Directories",
        "Returns the list of directories that this server is allowed to access. "
            + "Subdirectories within these allowed directories are also accessible. "
            + "Use this to understand which directories and their nested paths are available "
            + "before trying to access files.",
        Schema.object().build(), Results.TEXT_OUTPUT,
        ToolHandler.annotations("List Allowed Directories", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) {
    List<Path> roots = ctx.sandbox().rootPaths();
    String text = "Allowed directories:\n" + roots.stream().map(Path::toString).collect(Collectors.joining("\n"));
    return Results.text(text, Map.of("directories", roots.stream().map(Path::toString).toList(),
        "readOnly", ctx.sandbox().readOnly()));
  }
}
