package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.Map;

/** create_directory: mkdir -p beneath a root, each component resolved beneath it before it is created. */
public final class CreateDirectory implements ToolHandler {
  private final Context ctx;

  public CreateDirectory(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("create_directory", "Create Directory",
        "Create a new directory or ensure a directory exists. Can create multiple "
            + "nested directories in one operation. If the directory already exists, "
            + "this operation will succeed silently. Perfect for setting up directory "
            + "structures for projects or ensuring required paths exist. Only works within allowed directories.",
        Schema.object().string("path", true, null).build(), Results.TEXT_OUTPUT,
        ToolHandler.annotations("Create Directory", false, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    try (Resolved r = ctx.sandbox().createDirectories("create_directory", path, 0777)) {
      if (ctx.durability() == dev.safefs.write.Durability.FILE_AND_DIRECTORY) {
        ctx.os().fsync(r.dir());
      }
      return Results.text("Successfully created directory " + path, Map.of("path", r.path().toString()));
    }
  }
}
