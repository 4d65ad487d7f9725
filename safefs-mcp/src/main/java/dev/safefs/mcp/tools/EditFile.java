package dev.safefs.mcp.tools;

import dev.safefs.ConflictException;
import dev.safefs.NoMatchException;
import dev.safefs.edit.Change;
import dev.safefs.edit.Edit;
import dev.safefs.edit.EditPlan;
import dev.safefs.edit.LineRange;
import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.FileReads;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * edit_file: the edit engine's strategies (exact, then safe tolerant ones; ambiguity and did-you-mean are errors
 * that show the lines), applied to the bytes read through the sandbox and published by a compare-and-swap atomic
 * replace, so a concurrent change is a conflict and never a lost update. The result is the official fenced diff.
 */
public final class EditFile implements ToolHandler {
  /** Edits hold the file in memory; bigger files are refused with a hint rather than risking the heap. */
  static final long MAX_EDIT_BYTES = 64L << 20;

  private final Context ctx;

  public EditFile(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    Map<String, Object> edit = new LinkedHashMap<>();
    edit.put("type", "object");
    edit.put("properties", Map.of(
        "oldText", Schema.type("string", "Text to search for - must match exactly"),
        "newText", Schema.type("string", "Text to replace with"),
        "replaceAll", Schema.type("boolean", "safefs: replace every occurrence (default: the text must occur "
            + "exactly once)")));
    edit.put("required", List.of("oldText", "newText"));
    Map<String, Object> edits = new LinkedHashMap<>();
    edits.put("type", "array");
    edits.put("items", edit);
    return ToolHandler.tool("edit_file", "Edit File",
        "Make line-based edits to a text file. Each edit replaces exact line sequences "
            + "with new content. Returns a git-style diff showing the changes made. "
            + "Only works within allowed directories. safefs: when the exact text is not found, safe tolerant "
            + "matches are tried (trimmed lines, collapsed whitespace, indentation, unicode quotes/dashes, "
            + "escaped newlines) and the result names the strategy; a text found several times is refused with "
            + "the line numbers (use more context or replaceAll); a text not found comes back with the closest "
            + "region (did you mean). Edits apply all or nothing, atomically.",
        Schema.object()
            .string("path", true, null)
            .prop("edits", true, edits)
            .bool("dryRun", false, false, "Preview changes using git-style diff format")
            .string("expected_sha256", false, "Edit only if the file still has this SHA-256 (hex)")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Edit File", false, true, false));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    List<Edit> edits = new ArrayList<>();
    for (Map<String, Object> m : args.objects("edits")) {
      Object o = m.get("oldText");
      Object n = m.get("newText");
      Object all = m.get("replaceAll");
      if (!(o instanceof String old) || !(n instanceof String nu)) {
        throw args.invalid("each edit needs 'oldText' and 'newText' strings");
      }
      if (all != null && !(all instanceof Boolean)) {
        throw args.invalid("'replaceAll' must be true or false");
      }
      try {
        edits.add(new Edit(old, nu, Boolean.TRUE.equals(all)));
      } catch (IllegalArgumentException e) {
        throw args.invalid(e.getMessage());
      }
    }
    boolean dryRun = args.bool("dryRun", false);
    String expected = args.optString("expected_sha256", null);
    if (edits.isEmpty()) {
      throw args.invalid("'edits' must hold at least one edit");
    }
    Access access = dryRun ? Access.READ : Access.WRITE;
    try (Resolved r = ctx.sandbox().resolve("edit_file", path, access)) {
      FileReads.Read read = FileReads.read(ctx.os(), r, "edit_file", MAX_EDIT_BYTES);
      byte[] before = read.bytes();
      EditPlan plan;
      try {
        plan = EditPlan.of(before, edits, r.path());
      } catch (NoMatchException e) {
        return Results.error(didYouMean(e));
      }
      if (expected != null && !expected.toLowerCase(Locale.ROOT).equals(plan.sha256Before())) {
        throw new ConflictException("edit_file", r.path(), "content changed: expected SHA-256 " + expected
            + " but it is " + plan.sha256Before() + "; read the file again");
      }
      String diff = fenced(plan.diff());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("path", r.path().toString());
      extra.put("sha256Before", plan.sha256Before());
      extra.put("sha256After", plan.sha256After());
      extra.put("edits", describe(plan.changes()));
      extra.put("dryRun", dryRun);
      if (dryRun || !plan.changed()) {
        extra.put("written", false);
        return Results.text(diff, extra);
      }
      Context.Recorded<?> rec = ctx.replace("edit_file", r,
          ctx.writeOptions().withExpectedSha256(plan.sha256Before()), plan.after(), read, plan.sha256Before());
      extra.put("written", true);
      extra.put("journalId", rec.id());
      return Results.text(diff, extra);
    }
  }

  /** The official server's shape: the diff in a fence long enough not to clash with backticks inside it. */
  static String fenced(String diff) {
    int n = 3;
    while (diff.contains("`".repeat(n))) {
      n++;
    }
    String fence = "`".repeat(n);
    return fence + "diff\n" + diff + fence + "\n\n";
  }

  private static List<Map<String, Object>> describe(List<Change> changes) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Change c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("strategy", c.strategy().label());
      m.put("lines", c.ranges().stream().map(LineRange::toString).toList());
      m.put("alreadyApplied", c.alreadyApplied());
      out.add(m);
    }
    return out;
  }

  private static String didYouMean(NoMatchException e) {
    NoMatchException.Closest c = e.closest();
    if (c == null) {
      return e.getMessage();
    }
    return e.getMessage() + "\nThe closest text, lines " + c.firstLine() + "-" + c.lastLine() + ":\n"
        + c.text() + "\nDiff from your oldText to it:\n" + c.diff();
  }
}
