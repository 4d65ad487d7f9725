package dev.safefs.mcp.tools;

import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import dev.safefs.write.Durability;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** delete_file: removes one file; its content goes to the journal first, so {@code undo} brings it back. */
public final class DeleteFile implements ToolHandler {
  private final Context ctx;

  public DeleteFile(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("delete_file", "Delete File",
        "Delete a file. The content is kept in the safefs journal, so the deletion can be undone with the undo "
            + "tool (file_history lists recorded changes). Directories are not deleted. Only works within "
            + "allowed directories.",
        Schema.object().string("path", true, null)
            .string("expected_sha256", false, "Delete only if the file still has this SHA-256 (hex)")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Delete File", false, true, false));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    String expected = args.optString("expected_sha256", null);
    try (Resolved r = ctx.sandbox().resolve("delete_file", path, Access.REMOVE)) {
      if (!r.exists()) {
        throw new NotFoundException("delete_file", r.path(), "no such file");
      }
      if (r.isRoot() || r.stat().isDirectory()) {
        throw new InvalidInputException("delete_file", r.path(), "is a directory; only files are deleted");
      }
      if (!r.stat().isRegularFile()) {
        throw new InvalidInputException("delete_file", r.path(), "is not a regular file ("
            + r.stat().type().name().toLowerCase(java.util.Locale.ROOT) + "); only regular files are deleted");
      }
      Context.Recorded<Void> rec = ctx.record("delete_file", List.of(r.path()), () -> {
        if (expected != null) {
          String now = dev.safefs.mcp.FileReads.sha256(ctx.os(), r, "delete_file");
          if (!now.equalsIgnoreCase(expected)) {
            throw new dev.safefs.ConflictException("delete_file", r.path(),
                "content changed: expected SHA-256 " + expected + " but it is " + now);
          }
        }
        ctx.os().unlink(r.dir(), r.name());
        if (ctx.durability() == Durability.FILE_AND_DIRECTORY) {
          ctx.os().fsync(r.dir());
        }
        return null;
      });
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("path", r.path().toString());
      extra.put("journalId", rec.id());
      return Results.text("Successfully deleted " + path + (rec.id() == null ? ""
          : " (undo with: undo {\"id\": \"" + rec.id() + "\"})"), extra);
    }
  }
}
