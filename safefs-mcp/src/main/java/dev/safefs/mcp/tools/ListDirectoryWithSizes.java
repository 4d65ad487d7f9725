package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Listing;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.os.Dir;
import dev.safefs.os.FileStat;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** list_directory_with_sizes: entries with sizes and a summary, in the official layout. */
public final class ListDirectoryWithSizes implements ToolHandler {
  private final Context ctx;

  public ListDirectoryWithSizes(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("list_directory_with_sizes", "List Directory with Sizes",
        "Get a detailed listing of all files and directories in a specified path, including sizes. "
            + "Results clearly distinguish between files and directories with [FILE] and [DIR] "
            + "prefixes. This tool is useful for understanding directory structure and "
            + "finding specific files within a directory. Only works within allowed directories.",
        Schema.object().string("path", true, null)
            .enumeration("sortBy", false, "Sort entries by name or size", "name", "name", "size")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("List Directory with Sizes", true, false, true));
  }

  record Sized(String name, boolean dir, long size) {}

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    String sortBy = args.optString("sortBy", "name");
    if (!sortBy.equals("name") && !sortBy.equals("size")) {
      throw args.invalid("'sortBy' must be \"name\" or \"size\", not \"" + sortBy + "\"");
    }
    List<Sized> entries = new ArrayList<>();
    try (Resolved r = ctx.sandbox().resolve("list_directory_with_sizes", path, Access.LIST);
        Dir dir = r.openDirectory(ctx.os())) {
      for (Listing.Entry e : Listing.entries(ctx.os(), dir, "list_directory_with_sizes")) {
        FileStat st = e.isDirectory() ? null : Listing.lstat(ctx.os(), dir, e.name());
        entries.add(new Sized(e.name(), e.isDirectory(), st == null ? 0 : st.size()));
      }
    }
    Collator collator = Collator.getInstance(Locale.ROOT);
    entries.sort(sortBy.equals("size")
        ? Comparator.comparingLong(Sized::size).reversed()
        : Comparator.comparing(Sized::name, collator));
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(entries.size(), ctx.maxEntries());
    long files = 0;
    long dirs = 0;
    long total = 0;
    for (int i = 0; i < entries.size(); i++) {
      Sized e = entries.get(i);
      if (e.dir) {
        dirs++;
      } else {
        files++;
        total += e.size;
      }
      if (i < shown) {
        sb.append(e.dir ? "[DIR]" : "[FILE]").append(' ').append(padEnd(e.name, 30)).append(' ')
            .append(e.dir ? "" : padStart(formatSize(e.size), 10)).append('\n');
      }
    }
    if (shown < entries.size()) {
      sb.append("[").append(entries.size() - shown).append(" more entries not shown]\n");
    }
    sb.append('\n').append("Total: ").append(files).append(" files, ").append(dirs).append(" directories\n")
        .append("Combined size: ").append(formatSize(total));
    return Results.text(sb.toString(), Map.of("files", files, "directories", dirs, "totalBytes", total));
  }

  /** The official server's formatSize: B, then KB/MB/GB/TB with two decimals. */
  static String formatSize(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    if (bytes <= 0) {
      return "0 B";
    }
    int i = (int) Math.floor(Math.log(bytes) / Math.log(1024));
    if (i <= 0) {
      return bytes + " B";
    }
    int u = Math.min(i, units.length - 1);
    return String.format(Locale.ROOT, "%.2f %s", bytes / Math.pow(1024, u), units[u]);
  }

  private static String padEnd(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }

  private static String padStart(String s, int n) {
    return s.length() >= n ? s : " ".repeat(n - s.length()) + s;
  }
}
