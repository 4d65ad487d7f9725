package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.FileReads;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** read_multiple_files: each file with its path; a failed file is reported in place and the others still read. */
public final class ReadMultipleFiles implements ToolHandler {
  private final Context ctx;

  public ReadMultipleFiles(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    Map<String, Object> paths = new LinkedHashMap<>();
    paths.put("type", "array");
    paths.put("items", Map.of("type", "string"));
    paths.put("minItems", 1);
    paths.put("description", "Array of file paths to read. Each path must be a string pointing to a valid file "
        + "within allowed directories.");
    return ToolHandler.tool("read_multiple_files", "Read Multiple Files",
        "Read the contents of multiple files simultaneously. This is more "
            + "efficient than reading files one by one when you need to analyze "
            + "or compare multiple files. Each file's content is returned with its "
            + "path as a reference. Failed reads for individual files won't stop "
            + "the entire operation. Only works within allowed directories.",
        dev.safefs.mcp.Schema.object().prop("paths", true, paths).build(), Results.TEXT_OUTPUT,
        ToolHandler.annotations("Read Multiple Files", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    List<String> paths = args.strings("paths", true);
    if (paths.isEmpty()) {
      throw args.invalid("At least one file path must be provided");
    }
    List<String> parts = new ArrayList<>();
    long budget = ctx.maxTextChars();
    int failed = 0;
    for (String p : paths) {
      try (Resolved r = ctx.sandbox().resolve("read_multiple_files", p, Access.READ)) {
        if (budget <= 0) {
          parts.add(p + ": Error - not read: this call already returned " + ctx.maxTextChars()
              + " characters; read the remaining files in another call");
          failed++;
          continue;
        }
        String text = FileReads.text(ctx.os(), r, "read_multiple_files", budget * 4);
        if (text.length() > budget) {
          text = text.substring(0, (int) budget) + "\n[truncated; read this file with read_text_file]";
        }
        budget -= text.length();
        parts.add(p + ":\n" + text + "\n");
      } catch (IOException e) {
        failed++;
        parts.add(p + ": Error - " + e.getMessage());
      }
    }
    return Results.text(String.join("\n---\n", parts), Map.of("files", paths.size(), "failed", failed));
  }
}
