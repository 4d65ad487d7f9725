package dev.safefs.cli;

import dev.safefs.tx.Journal;
import dev.safefs.tx.JournalEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code safefs history}: the recorded operations, newest first. */
@Command(name = "history",
    description = "List recorded operations, newest first (damaged entries are reported and "
    + "skipped).")
final class HistoryCommand implements Callable<Integer> {

  @Option(names = "--limit", paramLabel = "N", description = "At most N operations (default: all).")
  int limit;

  @Option(names = "--path", paramLabel = "P", description = "Only operations that touched P (or anything below it).")
  Path path;

  @Mixin
  StateOption state;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (limit < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must not be negative");
    }
    Journal.History h = state.journal(spec).history(limit, path);
    PrintWriter out = spec.commandLine().getOut();
    if (common.json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (JournalEntry e : h.entries()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("op", e.op());
        o.put("paths", e.paths().stream().map(Path::toString).toList());
        if (e.undoes() != null) {
          o.put("undoes", e.undoes());
        }
        o.put("changes", Changes.of(e.changes()));
        list.add(o);
      }
      out.println(Json.of(list));
    } else {
      for (JournalEntry e : h.entries()) {
        List<Path> paths = e.paths();
        String shown = paths.size() <= 3 ? join(paths) : join(paths.subList(0, 3)) + " (+" + (paths.size() - 3)
            + " more)";
        out.println(e.id() + "  " + e.time() + "  " + e.op() + (e.undoes() == null ? "" : " " + e.undoes()) + "  "
            + shown);
      }
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    for (String p : h.problems()) {
      err.println("safefs: history: " + p);
    }
    err.flush();
    return ExitCodes.OK;
  }

  private static String join(List<Path> paths) {
    return String.join(" ", paths.stream().map(Path::toString).toList());
  }
}
