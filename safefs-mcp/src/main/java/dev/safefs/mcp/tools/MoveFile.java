package dev.safefs.mcp.tools;

import dev.safefs.ConflictException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFsException;
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
import java.nio.file.FileAlreadyExistsException;
import java.util.Map;

/**
 * move_file: renameat2(RENAME_NOREPLACE) between two directories resolved beneath roots, so an existing destination
 * is refused atomically (the official server checks with lstat first, which a racing create can slip past).
 */
public final class MoveFile implements ToolHandler {
  private final Context ctx;

  public MoveFile(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("move_file", "Move File",
        "Move or rename files and directories. Can move files between directories "
            + "and rename them in a single operation. If the destination exists, the "
            + "operation will fail. Works across different directories and can be used "
            + "for simple renaming within the same directory. Both source and destination must be within allowed "
            + "directories.",
        Schema.object().string("source", true, null).string("destination", true, null).build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Move File", false, true, false));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String source = args.string("source");
    String destination = args.string("destination");
    try (Resolved from = ctx.sandbox().resolve("move_file", source, Access.REMOVE);
        Resolved to = ctx.sandbox().resolve("move_file", destination, Access.REMOVE)) {
      if (!from.exists()) {
        throw new NotFoundException("move_file", from.path(), "no such file or directory");
      }
      if (from.isRoot() || to.isRoot()) {
        throw args.invalid("an allowed directory itself cannot be moved or replaced");
      }
      if (to.exists()) {
        throw new ConflictException("move_file", to.path(), "Destination already exists: " + to.path());
      }
      Context.Change<Void> move = () -> {
        try {
          ctx.os().rename(from.dir(), from.name(), to.dir(), to.name(), true);
        } catch (FileAlreadyExistsException e) {
          throw new ConflictException("move_file", to.path(), "Destination already exists: " + to.path(), e);
        } catch (IOException e) {
          throw SafeFsException.wrap("move_file", from.path(), "rename to " + to.path(), e);
        }
        if (ctx.durability() == Durability.FILE_AND_DIRECTORY) {
          ctx.os().fsync(to.dir());
          ctx.os().fsync(from.dir());
        }
        return null;
      };
      Map<String, Object> extra = new java.util.LinkedHashMap<>();
      extra.put("source", from.path().toString());
      extra.put("destination", to.path().toString());
      if (from.stat().isRegularFile()) {
        extra.put("journalId", ctx.record("move_file", java.util.List.of(from.path(), to.path()), move).id());
      } else {
        move.run(); // the journal keeps file contents: a directory or symlink move is done but not recorded
        extra.put("journalId", null);
        extra.put("note", "a " + from.stat().type().name().toLowerCase(java.util.Locale.ROOT)
            + " move is not recorded in the journal (undo restores files only)");
      }
      return Results.text("Successfully moved " + source + " to " + destination, extra);
    }
  }
}
