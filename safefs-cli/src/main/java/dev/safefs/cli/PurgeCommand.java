package dev.safefs.cli;

import dev.safefs.os.Os;
import dev.safefs.purge.PurgeOptions;
import dev.safefs.purge.PurgeProgress;
import dev.safefs.purge.PurgeReport;
import dev.safefs.purge.Purger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code safefs purge DIR --older-than 30d}: a dry run that lists what would be removed, unless {@code --apply}.
 */
@Command(name = "purge", description = {
    "Remove old files under DIR: a dry run listing what would go, unless --apply.",
    "Never follows symlinks or crosses filesystems; removes only regular files; skips files a writer holds locked."})
final class PurgeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "The root to purge under.")
  Path root;

  @Option(names = "--older-than", paramLabel = "AGE", converter = DurationConverter.class,
      description = "Remove files older than this, e.g. 30d, 12h.")
  Duration olderThan;

  @Option(names = "--time", paramLabel = "FIELD", description = "Which time the age is measured by: mtime (default), atime or ctime.")
  String time = "mtime";

  @Option(names = "--glob", paramLabel = "GLOB", description = "Only files matching (repeatable; on the name, or the relative path when it has a '/').")
  List<String> globs = new ArrayList<>();

  @Option(names = "--protect", paramLabel = "GLOB", description = "Never remove files matching (repeatable).")
  List<String> protect = new ArrayList<>();

  @Option(names = "--keep-newest", paramLabel = "N", description = "Keep the N newest files of each directory; alone, remove all others.")
  Integer keepNewest;

  @Option(names = "--max-total-size", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Remove the oldest files until the matching files total at most SIZE, e.g. 1G, 500M.")
  Long maxTotalSize;

  @Option(names = "--apply", description = "Really remove (default: a dry run).")
  boolean apply;

  @Option(names = "--remove-empty-dirs", description = "Also remove directories the purge leaves empty (never DIR).")
  boolean removeEmptyDirs;

  @Option(names = "--allow-insecure", description = "On the portable OS layer, purge by path although a symlink swap could redirect a delete.")
  boolean allowInsecure;

  @Option(names = {"-v", "--verbose"}, description = "With --apply, list every removed file.")
  boolean verbose;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PurgeOptions.TimeField field = switch (time) {
      case "mtime" -> PurgeOptions.TimeField.MTIME;
      case "atime" -> PurgeOptions.TimeField.ATIME;
      case "ctime" -> PurgeOptions.TimeField.CTIME;
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "invalid --time '" + time + "': expected mtime, atime or ctime");
    };
    PurgeOptions o;
    try {
      o = new PurgeOptions(olderThan, field, globs, protect, keepNewest, maxTotalSize, apply, removeEmptyDirs,
          allowInsecure, null);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!o.hasCondition()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "no condition given: say --older-than, --keep-newest or --max-total-size (a purge of everything is refused)");
    }
    PurgeProgress progress = new PurgeProgress();
    ProgressBar bar = ProgressBar.startIfTerminal(spec.commandLine().getErr(), progress);
    PurgeReport r;
    try {
      r = new Purger(Os.get()).run(root, o, progress);
    } finally {
      if (bar != null) {
        bar.stop();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (common.json) {
      out.println(Json.of(json(r)));
    } else {
      if (r.dryRun() || verbose) {
        out.flush();
        try (LineOutput lines = new LineOutput(out)) { // UTF-8 bytes straight out: a listing can be a million lines
          LineOutput.Buffer b = lines.buffer();
          for (PurgeReport.Removed x : r.removed()) {
            b.append(x.path().toString()).append('\n').endRecord();
          }
          for (Path d : r.removedDirs()) {
            b.append(d.toString()).append("/\n").endRecord();
          }
        }
      }
      PrintWriter err = spec.commandLine().getErr();
      for (PurgeReport.Skipped s : r.skipped()) {
        err.println("safefs: purge: skipped " + s.path() + ": " + s.reason());
      }
      err.println("safefs: purge: " + (r.dryRun() ? "would remove " : "removed ") + r.files() + " files ("
          + r.bytes() + " bytes)" + (r.removedDirs().isEmpty() ? "" : " and " + r.removedDirs().size()
          + " empty directories") + "; skipped " + r.skipped().size() + "; scanned " + r.scannedFiles()
          + (r.dryRun() ? " (dry run: --apply to remove)" : ""));
      err.flush();
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(PurgeReport r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("dryRun", r.dryRun());
    o.put("files", r.files());
    o.put("bytes", r.bytes());
    o.put("scanned", r.scannedFiles());
    List<Object> removed = new ArrayList<>(r.removed().size());
    for (PurgeReport.Removed x : r.removed()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", x.path().toString());
      m.put("bytes", x.bytes());
      removed.add(m);
    }
    o.put("removed", removed);
    o.put("removedDirs", r.removedDirs().stream().map(Path::toString).toList());
    List<Object> skipped = new ArrayList<>();
    for (PurgeReport.Skipped s : r.skipped()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", s.path().toString());
      m.put("reason", s.reason());
      skipped.add(m);
    }
    o.put("skipped", skipped);
    return o;
  }
}
