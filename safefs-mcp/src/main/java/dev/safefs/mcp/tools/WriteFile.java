package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * write_file: an atomic, durable replace (temp, fsync, rename, directory fsync) of a file resolved beneath a root.
 * Extensions: {@code expected_sha256} (compare-and-swap against the current content) and {@code create_only}.
 */
public final class WriteFile implements ToolHandler {
  private final Context ctx;

  public WriteFile(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("write_file", "Write File",
        "Create a new file or completely overwrite an existing file with new content. "
            + "Use with caution as it will overwrite existing files without warning. "
            + "Handles text content with proper encoding. Only works within allowed directories. "
            + "safefs: the replace is atomic and durable (a crash leaves the whole old or the whole new file); "
            + "pass expected_sha256 to replace only if the file still has that content, or create_only to "
            + "refuse an existing file.",
        Schema.object()
            .string("path", true, null)
            .string("content", true, null)
            .string("expected_sha256", false, "Replace only if the current content has this SHA-256 (hex), "
                + "as returned by an earlier write, edit or get_file_info; otherwise fail without writing")
            .bool("create_only", false, false, "Fail if the file already exists")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Write File", false, true, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    String content = args.string("content");
    String expected = args.optString("expected_sha256", null);
    boolean createOnly = args.bool("create_only", false);
    WriteOptions options = ctx.writeOptions().withCreateOnly(createOnly);
    if (expected != null) {
      try {
        options = options.withExpectedSha256(expected);
      } catch (IllegalArgumentException e) {
        throw args.invalid(e.getMessage());
      }
    }
    Context.Recorded<WriteResult> rec;
    long links;
    WriteOptions opts = options;
    try (Resolved r = ctx.sandbox().resolve("write_file", path, Access.WRITE)) {
      links = r.exists() ? r.stat().links() : 0;
      rec = ctx.replace("write_file", r, opts, content.getBytes(StandardCharsets.UTF_8));
    }
    WriteResult result = rec.result();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("path", result.path().toString());
    extra.put("bytes", result.bytes());
    extra.put("sha256", result.sha256());
    extra.put("created", links == 0);
    extra.put("journalId", rec.id());
    if (links > 1) {
      extra.put("note", "the file had " + links + " hard links; it was replaced by a new file and its other "
          + "names keep the old content");
    }
    return Results.text("Successfully wrote to " + path, extra);
  }
}
