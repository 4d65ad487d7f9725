package dev.safefs.mcp.tools;

import dev.safefs.edit.EditOptions;
import dev.safefs.edit.FileResult;
import dev.safefs.edit.PatchEngine;
import dev.safefs.edit.PatchResult;
import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * apply_patch: a V4A patch (as agents write them) or a unified diff (git diff, diff -u), all or nothing. Every file
 * the patch names is first resolved through the sandbox (inside a root, not deny-listed, writable); the patch
 * engine then validates every hunk before anything is written and applies a multi-file patch as one transaction.
 *
 * <p>Unlike the other writing tools, the patch engine writes by path (through the transaction engine): a directory
 * swapped for a symlink between the sandbox check and the write is not caught here. The check refuses every path
 * that resolves outside at the time of the call.
 */
public final class ApplyPatch implements ToolHandler {
  private final Context ctx;

  public ApplyPatch(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("apply_patch", "Apply Patch",
        "Apply a patch to one or more files, all or nothing: either the V4A format ('*** Begin Patch', "
            + "'*** Update File: path', '*** Add File: path', '*** Delete File: path', '*** Move to: path', "
            + "'@@' context hunks, '*** End Patch') or a unified diff as git diff or diff -u write it. Paths are "
            + "relative to 'root' (default: the first allowed directory). Every hunk is checked before any file "
            + "changes; a failing hunk names the file and why. Returns the diff per file. Undo with the undo tool.",
        Schema.object()
            .string("patch", true, "The patch text")
            .string("root", false, "Directory the patch paths are relative to (default: the first allowed "
                + "directory)")
            .bool("dryRun", false, false, "Check and show the changes without writing")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Apply Patch", false, true, false));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String patch = args.string("patch");
    boolean dryRun = args.bool("dryRun", false);
    String rootArg = args.optString("root", null);
    Path root;
    try (Resolved r = ctx.sandbox().resolve("apply_patch", rootArg == null ? "." : rootArg, Access.LIST)) {
      if (!r.statNow(ctx.os()).isDirectory()) {
        throw args.invalid("'root' must be a directory");
      }
      root = r.path();
    }
    // recorded in the journal by the patch engine itself: the whole patch is one transaction, undoable
    EditOptions options = EditOptions.defaults().withDurability(ctx.durability()).withRecord(ctx.journal() != null);
    PatchResult planned = PatchEngine.apply(patch, root, options.withDryRun(true), stateDir());
    for (FileResult f : planned.files()) {
      check(root.resolve(f.path()), dryRun);
      if (f.movedTo() != null) {
        check(root.resolve(f.movedTo()), dryRun);
      }
    }
    PatchResult done = dryRun ? planned : PatchEngine.apply(patch, root, options, stateDir());
    String journalId = done.transactionId();
    StringBuilder sb = new StringBuilder();
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileResult f : done.files()) {
      sb.append(f.action().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(f.path());
      if (f.movedTo() != null) {
        sb.append(" -> ").append(f.movedTo());
      }
      sb.append('\n');
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("movedTo", f.movedTo());
      m.put("action", f.action().name().toLowerCase(java.util.Locale.ROOT));
      m.put("sha256Before", f.sha256Before());
      m.put("sha256After", f.sha256After());
      files.add(m);
    }
    StringBuilder diffs = new StringBuilder();
    for (FileResult f : done.files()) {
      diffs.append(f.diff());
    }
    sb.append(EditFile.fenced(diffs.toString()));
    sb.insert(0, (dryRun ? "Dry run: the patch applies cleanly (" : "Applied " + done.format() + " patch (")
        + done.files().size() + " file" + (done.files().size() == 1 ? "" : "s") + ")\n");
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("format", done.format());
    extra.put("written", done.written());
    extra.put("journalId", journalId);
    extra.put("files", files);
    return Results.text(sb.toString(), extra);
  }

  private Path check(Path p, boolean dryRun) throws IOException {
    try {
      return checkExisting(p, dryRun);
    } catch (dev.safefs.NotFoundException e) {
      if (p.getParent() == null) {
        throw e;
      }
      check(p.getParent(), dryRun); // a new file in new directories: the nearest existing one must be inside
      return p.normalize();
    }
  }

  private Path checkExisting(Path p, boolean dryRun) throws IOException {
    try (Resolved r = ctx.sandbox().resolve("apply_patch", p.toString(), dryRun ? Access.READ : Access.WRITE)) {
      if (!r.path().equals(p.normalize())) {
        throw new dev.safefs.DeniedException("apply_patch", p, "resolves through a symlink to " + r.path()
            + "; name the file by its real path");
      }
      return r.path();
    }
  }

  private Path stateDir() {
    return ctx.journal() == null ? null : ctx.journal().stateDirectory();
  }
}
