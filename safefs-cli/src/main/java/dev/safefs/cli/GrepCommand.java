package dev.safefs.cli;

import dev.safefs.SafeFsException;
import dev.safefs.find.ContentSearch;
import dev.safefs.find.FileMatches;
import dev.safefs.find.MatchLine;
import dev.safefs.find.SearchOptions;
import dev.safefs.find.SearchSink;
import dev.safefs.find.WalkSummary;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs grep PATTERN [ROOT]}: ripgrep-style output ({@code path:line:text}), on every core. */
@Command(name = "grep", description = "Search file contents under ROOT for PATTERN (an RE2 regex, or a fixed string "
    + "with -F). Output like 'rg --no-heading': path:line:text, context lines path-line-text, groups split by --. "
    + "Binary files are skipped. Exit 0 when something matched, 1 when nothing did or an entry could not be read.")
final class GrepCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATTERN", description = "What to look for.")
  String pattern;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ROOT", description = "A directory or a file (default: .).")
  String root;

  @Option(names = {"-F", "--fixed-strings"}, description = "PATTERN is a plain string, not a regex.")
  boolean fixed;

  @Option(names = {"-i", "--ignore-case"}, description = "Ignore case.")
  boolean ignoreCase;

  @Option(names = {"-l", "--files-with-matches"}, description = "Print only the names of files with a match.")
  boolean filesOnly;

  @Option(names = {"-c", "--count"}, description = "Print path:count for each file with a match.")
  boolean count;

  @Option(names = {"-C", "--context"}, paramLabel = "N", description = "N lines of context before and after.")
  Integer context;

  @Option(names = {"-A", "--after-context"}, paramLabel = "N", description = "N lines of context after.")
  Integer afterContext;

  @Option(names = {"-B", "--before-context"}, paramLabel = "N", description = "N lines of context before.")
  Integer beforeContext;

  @Option(names = {"-n", "--line-number"}, description = "Accepted for ripgrep/grep habits: numbers are always shown.")
  boolean lineNumbers;

  @Option(names = {"-m", "--max-count"}, paramLabel = "N", description = "At most N matching lines per file.")
  Long maxCount;

  @Mixin
  WalkFlags walk;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (filesOnly && count) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use -l or -c, not both");
    }
    int before = beforeContext != null ? beforeContext : context != null ? context : 0;
    int after = afterContext != null ? afterContext : context != null ? context : 0;
    SearchOptions options;
    try {
      options = SearchOptions.of(pattern).withFixed(fixed).withIgnoreCase(ignoreCase)
          .withMode(filesOnly ? SearchOptions.Mode.FILES : count ? SearchOptions.Mode.COUNTS : SearchOptions.Mode.LINES)
          .withContext(before, after).withMaxCount(maxCount == null ? -1 : maxCount).withWalk(walk.options());
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    String prefix = WalkFlags.displayPrefix(root);
    String rootShown = root == null ? "." : root;
    boolean withContext = options.mode() == SearchOptions.Mode.LINES && (before > 0 || after > 0);
    AtomicLong matchedFiles = new AtomicLong();
    boolean[] printedAny = {false};
    WalkSummary summary;
    try (LineOutput out = new LineOutput(spec.commandLine().getOut())) {
      LineOutput.Buffer shared = common.json || withContext ? out.buffer() : null;
      if (common.json) {
        shared.append("{\"pattern\":").append(Json.of(pattern)).append(",\"files\":[");
      }
      SearchSink sink = new SearchSink() {
        @Override
        public boolean file(FileMatches m) {
          matchedFiles.incrementAndGet();
          String path = m.relative().isEmpty() ? rootShown : prefix + m.relative();
          if (shared != null) {
            synchronized (printedAny) {
              if (common.json) {
                json(shared, path, m, printedAny[0]);
              } else {
                text(shared, path, m, printedAny[0]);
              }
              printedAny[0] = true;
              shared.endRecord();
            }
          } else {
            LineOutput.Buffer b = out.buffer();
            text(b, path, m, false);
            b.endRecord();
          }
          return true;
        }

        @Override
        public void error(SafeFsException error) {
          synchronized (err) {
            err.println("safefs: grep: " + error.path() + ": " + error.reason());
            err.flush();
          }
        }
      };
      summary = ContentSearch.search(Path.of(rootShown), options, sink);
      if (common.json) {
        shared.append("],\"errors\":").append(summary.errors()).append("}\n");
      }
    }
    if (summary.errors() > 0) {
      return ExitCodes.IO_FAILURE;
    }
    return matchedFiles.get() > 0 ? ExitCodes.OK : 1;
  }

  private void text(LineOutput.Buffer b, String path, FileMatches m, boolean printedBefore) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    switch (filesOnly ? 1 : count ? 2 : 0) {
      case 1 -> b.append(p).append('\n');
      case 2 -> b.append(p).append(':').append(m.count()).append('\n');
      default -> {
        boolean withContext = beforeContext != null || afterContext != null || this.context != null;
        long last = -1;
        boolean first = true;
        for (MatchLine l : m.lines()) {
          if (withContext && ((first && printedBefore) || (!first && l.number() != last + 1))) {
            b.append("--\n");
          }
          first = false;
          last = l.number();
          char sep = l.match() ? ':' : '-';
          b.append(p).append(sep).append(l.number()).append(sep).append(l.text()).append('\n');
        }
      }
    }
  }

  private static void json(LineOutput.Buffer b, String path, FileMatches m, boolean comma) {
    if (comma) {
      b.append(',');
    }
    b.append("{\"path\":").append(Json.of(path)).append(",\"count\":").append(m.count()).append(",\"lines\":[");
    boolean first = true;
    for (MatchLine l : m.lines()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append("{\"line\":").append(l.number()).append(",\"text\":").append(Json.of(l.text()))
          .append(",\"match\":").append(l.match() ? "true" : "false").append('}');
    }
    b.append("]}");
  }
}
