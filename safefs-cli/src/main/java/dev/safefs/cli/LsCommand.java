package dev.safefs.cli;

import dev.safefs.SafeFsException;
import dev.safefs.find.WalkEntry;
import dev.safefs.find.WalkOptions;
import dev.safefs.find.WalkSummary;
import dev.safefs.find.WalkVisitor;
import dev.safefs.find.Walker;
import dev.safefs.os.Dir;
import dev.safefs.os.FileType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs ls PATH}: one directory's entries, directories marked with a slash. Built with picocli's
 * programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class LsCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec pathSpec = PositionalParamSpec.builder()
      .index("0").arity("0..1").paramLabel("PATH").type(String.class).description("The directory (default: .).")
      .build();
  private final OptionSpec sizesSpec = CommonOptions.flag("-s", "--sizes",
      "Show each entry's size in bytes (one stat per entry).");
  private final OptionSpec sortSpec = CommonOptions.option("name|size", String.class,
      "Order: name (default) or size (largest first).", "--sort");
  private final OptionSpec allSpec = CommonOptions.flag("-a", "--all", "Include hidden entries.");
  private final CommonOptions.Specs common;

  private LsCommand() {
    spec.name("ls");
    spec.usageMessage().description("List one directory: names (directories end with '/'), with sizes on request.");
    spec.addPositional(pathSpec);
    spec.addOption(sizesSpec);
    spec.addOption(sortSpec);
    spec.addOption(allSpec);
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new LsCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    String path = pathSpec.getValue();
    boolean sizes = CommonOptions.isSet(sizesSpec);
    boolean all = CommonOptions.isSet(allSpec);
    String sort = sortSpec.getValue() == null ? "name" : sortSpec.getValue();
    if (!sort.equals("name") && !sort.equals("size")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sort: name or size, not '" + sort + "'");
    }
    boolean bySize = sort.equals("size");
    WalkOptions options = WalkOptions.defaults().withMaxDepth(1).withIgnoreFiles(false).withHidden(all)
        .withSorted(true).withStat(sizes || bySize);
    List<WalkEntry> entries = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    WalkSummary summary = Walker.walk(Path.of(path == null ? "." : path), options, new WalkVisitor() {
      @Override
      public void entry(WalkEntry e, Dir parent) {
        entries.add(e);
      }

      @Override
      public void error(SafeFsException error) {
        err.println("safefs: ls: " + error.path() + ": " + error.reason());
        err.flush();
      }
    });
    if (bySize) {
      entries.sort(Comparator.comparingLong((WalkEntry e) -> e.stat().size()).reversed()
          .thenComparing(WalkEntry::name));
    }
    try (LineOutput out = new LineOutput(spec.commandLine().getOut())) {
      LineOutput.Buffer b = out.buffer();
      if (common.isJson()) {
        List<Object> list = new ArrayList<>();
        for (WalkEntry e : entries) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("name", e.name());
          o.put("type", FindCommand.typeName(e));
          if (e.stat() != null) {
            o.put("size", e.stat().size());
          }
          list.add(o);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", path == null ? "." : path);
        o.put("entries", list);
        b.append(Json.of(o)).append('\n');
      } else {
        for (WalkEntry e : entries) {
          if (sizes) {
            String s = Long.toString(e.stat().size());
            b.append(" ".repeat(Math.max(0, 12 - s.length()))).append(s).append("  ");
          }
          b.append(e.name());
          if (e.type() == FileType.DIRECTORY) {
            b.append('/');
          } else if (e.type() == FileType.SYMLINK) {
            b.append('@');
          }
          b.append('\n');
          b.endRecord();
        }
      }
    }
    return summary.errors() > 0 ? ExitCodes.IO_FAILURE : ExitCodes.OK;
  }
}
