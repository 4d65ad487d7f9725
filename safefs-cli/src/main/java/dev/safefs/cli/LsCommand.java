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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs ls PATH}: one directory's entries, directories marked with a slash. */
@Command(name = "ls", description = "List one directory: names (directories end with '/'), with sizes on request.")
final class LsCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "The directory (default: .).")
  String path;

  @Option(names = {"-s", "--sizes"}, description = "Show each entry's size in bytes (one stat per entry).")
  boolean sizes;

  @Option(names = "--sort", paramLabel = "name|size", description = "Order: name (default) or size (largest first).")
  String sort = "name";

  @Option(names = {"-a", "--all"}, description = "Include hidden entries.")
  boolean all;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
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
      if (common.json) {
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
