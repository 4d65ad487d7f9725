package dev.safefs.cli;

import static dev.safefs.cli.CommonOptions.flag;

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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code safefs grep PATTERN [ROOT]}: ripgrep-style output ({@code path:line:text}), on every core. Built with
 * picocli's programmatic API instead of annotations, for startup speed (see {@link Main}): reading the annotations
 * cost more than the whole search of a small tree.
 */
final class GrepCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec patternSpec = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("PATTERN").type(String.class)
      .description("What to look for.").build();

  private final PositionalParamSpec rootSpec = PositionalParamSpec.builder()
      .index("1").arity("0..1").paramLabel("ROOT").type(String.class)
      .description("A directory or a file (default: .).").build();

  private final OptionSpec fixedSpec = flag("-F", "--fixed-strings", "PATTERN is a plain string, not a regex.");
  private final OptionSpec ignoreCaseSpec = flag("-i", "--ignore-case", "Ignore case.");
  private final OptionSpec filesOnlySpec = flag("-l", "--files-with-matches",
      "Print only the names of files with a match.");
  private final OptionSpec countSpec = flag("-c", "--count", "Print path:count for each file with a match.");
  private final OptionSpec contextSpec = CommonOptions.option("N", Integer.class,
      "N lines of context before and after.", "-C", "--context");
  private final OptionSpec afterSpec = CommonOptions.option("N", Integer.class, "N lines of context after.",
      "-A", "--after-context");
  private final OptionSpec beforeSpec = CommonOptions.option("N", Integer.class, "N lines of context before.",
      "-B", "--before-context");
  private final OptionSpec lineNumbersSpec = flag("-n", "--line-number",
      "Accepted for ripgrep/grep habits: numbers are always shown.");
  private final OptionSpec maxCountSpec = CommonOptions.option("N", Long.class, "At most N matching lines per file.",
      "-m", "--max-count");

  private final WalkFlags.Specs walk;
  private final CommonOptions.Specs common;

  // the parsed command line, read by call()
  private String pattern;
  private String root;
  private boolean filesOnly;
  private boolean count;
  private Integer context;
  private Integer afterContext;
  private Integer beforeContext;

  private GrepCommand() {
    spec.name("grep");
    spec.usageMessage().description("Search file contents under ROOT for PATTERN (an RE2 regex, or a fixed string "
        + "with -F). Output like 'rg --no-heading': path:line:text, context lines path-line-text, groups split by --. "
        + "Binary files are skipped. Exit 0 when something matched, 1 when nothing did or an entry could not be read.");
    spec.addPositional(patternSpec);
    spec.addPositional(rootSpec);
    for (OptionSpec o : List.of(fixedSpec, ignoreCaseSpec, filesOnlySpec, countSpec, contextSpec, afterSpec,
        beforeSpec, lineNumbersSpec, maxCountSpec)) {
      spec.addOption(o);
    }
    walk = WalkFlags.addTo(spec);
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new GrepCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    pattern = patternSpec.getValue();
    root = rootSpec.getValue();
    filesOnly = CommonOptions.isSet(filesOnlySpec);
    count = CommonOptions.isSet(countSpec);
    context = contextSpec.getValue();
    afterContext = afterSpec.getValue();
    beforeContext = beforeSpec.getValue();
    boolean fixed = CommonOptions.isSet(fixedSpec);
    boolean ignoreCase = CommonOptions.isSet(ignoreCaseSpec);
    Long maxCount = maxCountSpec.getValue();
    boolean json = common.isJson();
    if (filesOnly && count) {
      throw new ParameterException(spec.commandLine(), "use -l or -c, not both");
    }
    int before = beforeContext != null ? beforeContext : context != null ? context : 0;
    int after = afterContext != null ? afterContext : context != null ? context : 0;
    SearchOptions options;
    try {
      options = SearchOptions.of(pattern).withFixed(fixed).withIgnoreCase(ignoreCase)
          .withMode(filesOnly ? SearchOptions.Mode.FILES : count ? SearchOptions.Mode.COUNTS : SearchOptions.Mode.LINES)
          .withContext(before, after).withMaxCount(maxCount == null ? -1 : maxCount).withWalk(walk.options());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    String prefix = WalkFlags.displayPrefix(root);
    String rootShown = root == null ? "." : root;
    boolean withContext = options.mode() == SearchOptions.Mode.LINES && (before > 0 || after > 0);
    // only whether anything matched is needed: read-mostly, unlike a counter both threads bump for every file
    AtomicBoolean matched = new AtomicBoolean();
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] rootBytes = rootShown.getBytes(StandardCharsets.UTF_8);
    boolean[] printedAny = {false};
    WalkSummary summary;
    try (LineOutput out = new LineOutput(spec.commandLine().getOut())) {
      LineOutput.Buffer shared = json || withContext ? out.buffer() : null;
      if (json) {
        shared.append("{\"pattern\":").append(Json.of(pattern)).append(",\"files\":[");
      }
      SearchSink sink = new SearchSink() {
        @Override
        public boolean file(FileMatches m) {
          if (!matched.get()) {
            matched.set(true);
          }
          if (shared == null && (filesOnly || count)) {
            // the commonest output, a list of paths: straight into this thread's buffer, no path String built
            LineOutput.Buffer b = out.buffer();
            if (m.relative().isEmpty()) {
              b.append(rootBytes);
            } else {
              b.append(prefixBytes).append(m.relative());
            }
            if (count) {
              b.append(':').append(m.count());
            }
            b.append('\n').endRecord();
            return true;
          }
          String path = m.relative().isEmpty() ? rootShown : prefix + m.relative();
          if (shared != null) {
            synchronized (printedAny) {
              if (json) {
                json(shared, path, m, printedAny[0]);
              } else {
                lines(shared, path, m, printedAny[0]);
              }
              printedAny[0] = true;
              shared.endRecord();
            }
          } else {
            LineOutput.Buffer b = out.buffer();
            lines(b, path, m, false);
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
      if (json) {
        shared.append("],\"errors\":").append(summary.errors()).append("}\n");
      }
    }
    if (summary.errors() > 0) {
      return ExitCodes.IO_FAILURE;
    }
    return matched.get() ? ExitCodes.OK : 1;
  }

  /** Matching lines (and context), each as path:number:text or path-number-text. */
  private void lines(LineOutput.Buffer b, String path, FileMatches m, boolean printedBefore) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
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
