package dev.safefs.cli;

import dev.safefs.read.ReadOptions;
import dev.safefs.read.ReadResult;
import dev.safefs.read.TextReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs read PATH}: a window of lines of a text file, in constant memory whatever its size. Built with
 * picocli's programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class ReadCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec pathSpec = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("PATH").type(Path.class).description("The file to read.")
      .build();
  private final OptionSpec offsetSpec = CommonOptions.option("N", Long.class,
      "First line to show (1-based; default 1).", "--offset");
  private final OptionSpec limitSpec = CommonOptions.option("N", Integer.class,
      "Lines to show (default " + ReadOptions.DEFAULT_LIMIT + ").", "--limit");
  private final OptionSpec headSpec = CommonOptions.option("N", Integer.class, "The first N lines.", "--head");
  private final OptionSpec tailSpec = CommonOptions.option("N", Integer.class,
      "The last N lines (read backwards from the end).", "--tail");
  private final OptionSpec numbersSpec = CommonOptions.flag("-n", "--numbers",
      "Prefix each line with its number and '|'.");
  private final OptionSpec maxLineBytesSpec = CommonOptions.option("N", Integer.class,
      "Cut longer lines, with a marker (default " + ReadOptions.DEFAULT_MAX_LINE_BYTES + ").", "--max-line-bytes");
  private final CommonOptions.Specs common;

  private Path path;
  private Long offset;
  private Integer limit;
  private Integer head;
  private Integer tail;
  private boolean numbers;
  private Integer maxLineBytes;

  private ReadCommand() {
    spec.name("read");
    spec.usageMessage().description("Print a window of lines of a text file. Binary files, FIFOs and devices are "
        + "refused (exit 2). When lines follow the window, a hint on stderr gives the next offset.");
    spec.addPositional(pathSpec);
    for (OptionSpec o : List.of(offsetSpec, limitSpec, headSpec, tailSpec, numbersSpec, maxLineBytesSpec)) {
      spec.addOption(o);
    }
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new ReadCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    path = pathSpec.getValue();
    offset = offsetSpec.getValue();
    limit = limitSpec.getValue();
    head = headSpec.getValue();
    tail = tailSpec.getValue();
    numbers = CommonOptions.isSet(numbersSpec);
    maxLineBytes = maxLineBytesSpec.getValue();
    ReadOptions options = options();
    ReadResult r = TextReader.read(path, options);
    if (common.isJson()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", path.toString());
      o.put("size", r.size());
      o.put("encoding", r.encoding().name());
      o.put("firstLine", r.firstLine());
      o.put("lastLine", r.lastLine());
      o.put("totalLines", r.totalLines() < 0 ? null : r.totalLines());
      o.put("truncated", r.truncated());
      o.put("nextOffset", r.truncated() ? r.nextOffset() : null);
      o.put("cutLines", r.cutLines());
      o.put("lines", r.lines());
      spec.commandLine().getOut().println(Json.of(o));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    try (LineOutput out = new LineOutput(spec.commandLine().getOut())) {
      out.buffer().append(r.text(numbers));
    }
    boolean window = head == null && tail == null;
    if (window && r.truncated()) {
      spec.commandLine().getErr().println("safefs: read: " + path + ": " + r.hint());
      spec.commandLine().getErr().flush();
    } else if (window && r.lines().isEmpty() && r.firstLine() > 1 && r.totalLines() >= 0) {
      spec.commandLine().getErr().println("safefs: read: " + path + ": offset " + r.firstLine()
          + " is past the end (" + r.totalLines() + " lines)");
      spec.commandLine().getErr().flush();
    }
    return ExitCodes.OK;
  }

  private ReadOptions options() {
    int modes = (head != null ? 1 : 0) + (tail != null ? 1 : 0) + (offset != null || limit != null ? 1 : 0);
    if (modes > 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "use one of --head, --tail, or --offset/--limit");
    }
    try {
      ReadOptions o;
      if (head != null) {
        o = ReadOptions.head(nonNegative("--head", head));
      } else if (tail != null) {
        o = ReadOptions.tail(nonNegative("--tail", tail));
      } else {
        o = ReadOptions.window(offset == null ? 1 : offset,
            limit == null ? ReadOptions.DEFAULT_LIMIT : nonNegative("--limit", limit));
      }
      o = o.withNumbered(numbers);
      return maxLineBytes == null ? o : o.withMaxLineBytes(maxLineBytes);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static int nonNegative(String option, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(option + " must not be negative: " + n);
    }
    return n;
  }
}
