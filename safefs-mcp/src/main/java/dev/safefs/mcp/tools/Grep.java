package dev.safefs.mcp.tools;

import dev.safefs.find.ContentSearch;
import dev.safefs.find.FileMatches;
import dev.safefs.find.MatchLine;
import dev.safefs.find.SearchOptions;
import dev.safefs.find.SearchResult;
import dev.safefs.find.WalkOptions;
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
 * grep: content search with the options of {@code safefs grep} (RE2 regexes, so a pattern cannot hang the server;
 * fixed strings, case, context, files-only, counts, globs), paged. Deny-listed files are never searched: the deny
 * rules are walk excludes, and every result is checked against the sandbox again.
 */
public final class Grep implements ToolHandler {
  static final int DEFAULT_LIMIT = 200;

  private final Context ctx;

  public Grep(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("grep", "Search File Contents",
        "Search file contents for a regular expression (RE2 syntax) or, with fixed, a plain string, under a "
            + "directory (default: the first allowed directory). Returns 'path:line:text' lines (with context "
            + "lines as 'path-line-text'), or only file names (filesOnly) or counts per file (count). Skips binary, "
            + "hidden and .gitignore'd files unless asked. Results are paged: offset/limit (default 200).",
        Schema.object()
            .string("pattern", true, "Regular expression (RE2) or, with fixed, a literal string")
            .string("path", false, "Directory or file to search (default: the first allowed directory)")
            .strings("glob", false, "Only files whose name (or relative path, when the glob has a '/') matches")
            .bool("fixed", false, "Treat the pattern as a literal string")
            .bool("ignoreCase", false, "Case-insensitive")
            .bool("filesOnly", false, "Only the names of matching files")
            .bool("count", false, "Only the number of matching lines per file")
            .integer("context", false, "Lines of context before and after each match")
            .integer("maxCount", false, "At most this many matching lines per file")
            .bool("hidden", false, "Search hidden files and directories too")
            .bool("noIgnore", false, "Do not honour .gitignore/.ignore files")
            .integer("offset", false, "Skip this many results (paging)")
            .integer("limit", false, "At most this many results (default 200)")
            .build(),
        Results.TEXT_OUTPUT, ToolHandler.annotations("Search File Contents", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String pattern = args.string("pattern");
    String path = args.optString("path", ".");
    boolean filesOnly = args.bool("filesOnly", false);
    boolean count = args.bool("count", false);
    if (filesOnly && count) {
      throw args.invalid("filesOnly and count exclude each other");
    }
    long ctxLines = args.optLong("context") == null ? 0 : Math.min(args.optLong("context"), 50);
    long offset = args.optLong("offset") == null ? 0 : args.optLong("offset");
    long limit = args.optLong("limit") == null || args.optLong("limit") == 0 ? DEFAULT_LIMIT
        : Math.min(args.optLong("limit"), 5000);
    Long maxCount = args.optLong("maxCount");
    Path base;
    String canonical;
    try (Resolved r = ctx.sandbox().resolve("grep", path, Access.LIST)) {
      base = r.path();
      canonical = r.relative();
    }
    List<String> excludes = new ArrayList<>();
    for (String rule : ctx.sandbox().options().deny().rules()) {
      excludes.add(rule.contains("/") ? "**/" + rule : rule);
    }
    WalkOptions walk = WalkOptions.defaults()
        .withGlobs(args.strings("glob", false))
        .withExcludes(excludes)
        .withHidden(args.bool("hidden", false))
        .withIgnoreFiles(!args.bool("noIgnore", false));
    SearchOptions options = SearchOptions.of(pattern)
        .withFixed(args.bool("fixed", false))
        .withIgnoreCase(args.bool("ignoreCase", false))
        .withMode(filesOnly ? SearchOptions.Mode.FILES : count ? SearchOptions.Mode.COUNTS : SearchOptions.Mode.LINES)
        .withContext((int) ctxLines, (int) ctxLines)
        .withMaxCount(maxCount == null || maxCount == 0 ? -1 : maxCount)
        .withPage(offset, limit)
        .withWalk(walk);
    SearchResult result;
    try {
      result = ContentSearch.search(base, options);
    } catch (IllegalArgumentException e) {
      throw args.invalid(e.getMessage());
    }
    StringBuilder sb = new StringBuilder();
    List<Map<String, Object>> files = new ArrayList<>();
    long shown = 0;
    for (FileMatches fm : result.files()) {
      String rel = fm.relative();
      String canon = canonical.isEmpty() ? rel : canonical + "/" + rel;
      if (ctx.sandbox().denied(canon)) {
        continue; // second line behind the walk excludes
      }
      String file = rel.isEmpty() ? base.toString() : base.resolve(rel).toString();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", file);
      m.put("count", fm.count());
      files.add(m);
      if (filesOnly) {
        sb.append(file).append('\n');
        shown++;
      } else if (count) {
        sb.append(file).append(':').append(fm.count()).append('\n');
        shown++;
      } else {
        for (MatchLine l : fm.lines()) {
          sb.append(file).append(l.match() ? ':' : '-').append(l.number()).append(l.match() ? ':' : '-')
              .append(l.text()).append('\n');
          shown++;
        }
      }
    }
    if (files.isEmpty()) {
      sb.append("No matches found\n");
    }
    if (result.truncated()) {
      sb.append("[more results; call again with offset=").append(offset + limit).append("]\n");
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("files", files);
    extra.put("matches", result.matches());
    extra.put("truncated", result.truncated());
    extra.put("errors", result.errors());
    return Results.text(sb.toString().stripTrailing(), extra);
  }

}
