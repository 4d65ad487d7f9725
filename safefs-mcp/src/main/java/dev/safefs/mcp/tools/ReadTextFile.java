package dev.safefs.mcp.tools;

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
import dev.safefs.os.FileHandle;
import dev.safefs.os.Os;
import dev.safefs.read.ReadOptions;
import dev.safefs.read.ReadResult;
import dev.safefs.read.TextReader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** read_text_file (and its deprecated alias read_file): the whole file, or its first or last N lines. */
public final class ReadTextFile implements ToolHandler {
  static final String DESCRIPTION = "Read the complete contents of a file from the file system as text. "
      + "Handles various text encodings and provides detailed error messages "
      + "if the file cannot be read. Use this tool when you need to examine "
      + "the contents of a single file. Use the 'head' parameter to read only "
      + "the first N lines of a file, or the 'tail' parameter to read only "
      + "the last N lines of a file. Operates on the file as text regardless of extension. "
      + "Only works within allowed directories.";

  private final Context ctx;
  private final String name;

  public ReadTextFile(Context ctx, String name) {
    this.ctx = ctx;
    this.name = name;
  }

  @Override
  public McpSchema.Tool definition() {
    boolean alias = name.equals("read_file");
    Map<String, Object> input = Schema.object()
        .string("path", true, null)
        .number("tail", false, "If provided, returns only the last N lines of the file")
        .number("head", false, "If provided, returns only the first N lines of the file")
        .integer("offset", false, "safefs: first line of a window (1-based); the window comes with line "
            + "numbers (N|), binary files are refused, and a hint says where the next window starts")
        .integer("limit", false, "safefs: number of lines in the window (default 2000)")
        .build();
    String title = alias ? "Read File (Deprecated)" : "Read Text File";
    return ToolHandler.tool(name, title,
        alias ? "Read the complete contents of a file as text. DEPRECATED: Use read_text_file instead." : DESCRIPTION,
        input, Results.TEXT_OUTPUT, ToolHandler.annotations(title, true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    Long head = args.optLong("head");
    Long tail = args.optLong("tail");
    if (head != null && head == 0) {
      head = null; // as the official server: 0 means "not given"
    }
    if (tail != null && tail == 0) {
      tail = null;
    }
    if (head != null && tail != null) {
      throw args.invalid("Cannot specify both head and tail parameters simultaneously");
    }
    if (args.has("offset") || args.has("limit")) {
      if (head != null || tail != null) {
        throw args.invalid("offset/limit cannot be combined with head or tail");
      }
      return window(path, args.optLong("offset"), args.optLong("limit"), args);
    }
    String text;
    try (Resolved r = ctx.sandbox().resolve(name, path, Access.READ)) {
      text = FileReads.text(ctx.os(), r, name, ctx.maxTextChars() * 4L);
    }
    if (head != null) {
      text = head(text, head);
    } else if (tail != null) {
      text = tail(text, tail);
    }
    if (text.length() > ctx.maxTextChars()) {
      int lines = (int) text.chars().limit(ctx.maxTextChars()).filter(c -> c == '\n').count();
      text = text.substring(0, ctx.maxTextChars()) + "\n[truncated at " + ctx.maxTextChars()
          + " characters, after line " + lines + "; read on with head/tail or a smaller window]";
    }
    return Results.text(text);
  }

  private CallToolResult window(String path, Long offset, Long limit, Args args) throws IOException {
    long first = offset == null || offset == 0 ? 1 : offset;
    long lines = limit == null ? ReadOptions.DEFAULT_LIMIT : limit;
    if (lines < 1 || lines > 100_000) {
      throw args.invalid("'limit' must be between 1 and 100000 lines");
    }
    ReadResult r;
    try (Resolved res = ctx.sandbox().resolve(name, path, Access.READ)) {
      if (!res.exists()) {
        throw new dev.safefs.NotFoundException(name, res.path(), "no such file");
      }
      try (FileHandle fh = ctx.os().open(res.dir(), res.name(), Os.Access.READ, false)) {
        r = new TextReader(ctx.os()).readOpen(res.path(), fh, ReadOptions.window(first, (int) lines));
      }
    }
    String text = r.text(true);
    if (text.length() > ctx.maxTextChars()) {
      text = text.substring(0, ctx.maxTextChars()) + "\n[truncated at " + ctx.maxTextChars()
          + " characters; ask for fewer lines]";
    }
    String hint = r.hint();
    if (hint != null) {
      text = text + "[" + hint + "]";
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("firstLine", r.firstLine());
    extra.put("lastLine", r.lastLine());
    extra.put("totalLines", r.totalLines());
    extra.put("truncated", r.truncated());
    extra.put("nextOffset", r.nextOffset());
    return Results.text(text, extra);
  }

  /** The first n lines, without the newline after the last one (the official server's shape). */
  static String head(String text, long n) {
    int pos = 0;
    for (long i = 0; i < n; i++) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        return pos == text.length() && pos > 0 ? text.substring(0, pos - 1) : text;
      }
      if (i == n - 1) {
        return text.substring(0, nl);
      }
      pos = nl + 1;
    }
    return text;
  }

  /** The last n elements of the text split at newlines (CRLF normalized), joined again: the official shape. */
  static String tail(String text, long n) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    int from = (int) Math.max(0, lines.length - n);
    return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
  }
}
