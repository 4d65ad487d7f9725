package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.Results;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.os.FileStat;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** get_file_info: the official "key: value" lines (dates as JavaScript prints them), plus type, links, inode. */
public final class GetFileInfo implements ToolHandler {
  private static final DateTimeFormatter JS_DATE =
      DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.US);

  private final Context ctx;

  public GetFileInfo(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("get_file_info", "Get File Info",
        "Retrieve detailed metadata about a file or directory. Returns comprehensive "
            + "information including size, creation time, last modified time, permissions, "
            + "and type. This tool is perfect for understanding file characteristics "
            + "without reading the actual content. Only works within allowed directories.",
        Schema.object().string("path", true, null).build(), Results.TEXT_OUTPUT,
        ToolHandler.annotations("Get File Info", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    FileStat st;
    Instant created;
    String real;
    try (Resolved r = ctx.sandbox().resolve("get_file_info", path, Access.READ)) {
      if (!r.exists()) {
        throw new dev.safefs.NotFoundException("get_file_info", r.path(), "no such file or directory");
      }
      st = r.statNow(ctx.os());
      real = r.path().toString();
      created = birthTime(r, st);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("size", st.size());
    info.put("created", js(created));
    info.put("modified", js(st.modified()));
    info.put("accessed", js(st.accessed()));
    info.put("isDirectory", st.isDirectory());
    info.put("isFile", st.isRegularFile());
    info.put("permissions", String.format("%03o", st.mode() & 0777));
    StringBuilder sb = new StringBuilder();
    info.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "\n").append(k).append(": ").append(v));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("path", real);
    extra.put("type", st.type().name().toLowerCase(Locale.ROOT));
    extra.put("size", st.size());
    extra.put("mode", String.format("%04o", st.mode()));
    extra.put("links", st.links());
    extra.put("modified", st.modified().toString());
    return Results.text(sb.toString(), extra);
  }

  /**
   * The birth time the OS layer does not carry: read by path, and used only when that path still names the same
   * inode the sandbox resolved (else the change time stands in).
   */
  private static Instant birthTime(Resolved r, FileStat st) {
    try {
      BasicFileAttributes a = Files.readAttributes(r.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Object key = a.fileKey();
      if (key != null && key.toString().contains("ino=" + st.inode() + ")")) {
        return a.creationTime().toInstant();
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return st.changed();
  }

  static String js(Instant t) {
    ZonedDateTime z = t.atZone(ZoneId.systemDefault());
    String name = z.getZone().getDisplayName(TextStyle.FULL, Locale.US);
    if (z.getZone().getId().equals("UTC") || z.getZone().getId().equals("Etc/UTC")) {
      name = "Coordinated Universal Time";
    }
    return JS_DATE.format(z) + " (" + name + ")";
  }
}
