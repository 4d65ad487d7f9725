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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** directory_tree: the recursive JSON tree of the official server, printed as JSON.stringify(tree, null, 2) does. */
public final class DirectoryTree implements ToolHandler {
  private final Context ctx;

  public DirectoryTree(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("directory_tree", "Directory Tree",
        "Get a recursive tree view of files and directories as a JSON structure. "
            + "Each entry includes 'name', 'type' (file/directory), and 'children' for directories. "
            + "Files have no children array, while directories always have a children array (which may be empty). "
            + "The output is formatted with 2-space indentation for readability. Only works within allowed "
            + "directories.",
        Schema.object().string("path", true, null).strings("excludePatterns", false, null).build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Directory Tree", true, false, true));
  }

  /** A node of the tree; {@code children} is null for files. */
  record Node(String name, boolean dir, List<Node> children) {}

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    List<Exclusion> excludes = new ArrayList<>();
    for (String p : args.strings("excludePatterns", false)) {
      excludes.add(new Exclusion(p));
    }
    List<Node> top = new ArrayList<>();
    int[] count = {0};
    try (Resolved r = ctx.sandbox().resolve("directory_tree", path, Access.LIST);
        Dir dir = r.openDirectory(ctx.os())) {
      build(dir, "", r.relative(), top, excludes, count);
    }
    StringBuilder sb = new StringBuilder();
    print(top, 0, sb);
    boolean truncated = count[0] >= ctx.maxEntries();
    if (truncated) {
      sb.append("\n[truncated at ").append(ctx.maxEntries())
          .append(" entries; ask for a subdirectory or exclude patterns]");
    }
    return Results.text(sb.toString(), Map.of("entries", count[0], "truncated", truncated));
  }

  private void build(Dir dir, String prefix, String canonical, List<Node> out, List<Exclusion> excludes,
      int[] count) throws IOException {
    for (Listing.Entry e : Listing.entries(ctx.os(), dir, "directory_tree")) {
      if (count[0] >= ctx.maxEntries()) {
        return;
      }
      String rel = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
      String canon = canonical.isEmpty() ? rel : canonical + "/" + rel;
      if (excludes.stream().anyMatch(x -> x.matches(rel)) || ctx.sandbox().denied(canon)) {
        continue;
      }
      count[0]++;
      if (e.isDirectory()) {
        List<Node> children = new ArrayList<>();
        try (Dir sub = ctx.os().openDirAt(dir, e.name(), false)) {
          build(sub, rel, canonical, children, excludes, count);
        } catch (IOException gone) {
          // vanished or swapped for a symlink meanwhile: shown empty, never followed
        }
        out.add(new Node(e.name(), true, children));
      } else {
        out.add(new Node(e.name(), false, null));
      }
    }
  }

  /** The official exclusion rule: a pattern with '*' matches the relative path; a plain name matches at any depth. */
  record Exclusion(Glob direct, Glob anywhere, Glob below, boolean wildcard) {
    Exclusion(String p) {
      this(Glob.compile(p), Glob.compile("**/" + p), Glob.compile("**/" + p + "/**"), p.contains("*"));
    }

    boolean matches(String rel) {
      return direct.matches(rel) || (!wildcard && (anywhere.matches(rel) || below.matches(rel)));
    }
  }

  static void print(List<Node> nodes, int indent, StringBuilder sb) {
    if (nodes.isEmpty()) {
      sb.append("[]");
      return;
    }
    String pad = "  ".repeat(indent + 1);
    String inner = "  ".repeat(indent + 2);
    sb.append("[\n");
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      sb.append(pad).append("{\n");
      sb.append(inner).append("\"name\": ").append(dev.safefs.JsonStrings.quote(n.name())).append(",\n");
      sb.append(inner).append("\"type\": \"").append(n.dir() ? "directory" : "file").append('"');
      if (n.dir()) {
        sb.append(",\n").append(inner).append("\"children\": ");
        print(n.children(), indent + 2, sb);
      }
      sb.append('\n').append(pad).append('}').append(i + 1 < nodes.size() ? ",\n" : "\n");
    }
    sb.append("  ".repeat(indent)).append(']');
  }
}
