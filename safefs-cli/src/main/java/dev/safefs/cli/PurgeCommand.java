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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code safefs purge DIR --older-than 30d}: a dry run that lists what would be removed, unless {@code --apply}.
 * Built with picocli's programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class PurgeCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec rootSpec = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("DIR").type(Path.class)
      .description("The root to purge under.").build();
  private final OptionSpec olderThanSpec = OptionSpec.builder("--older-than").paramLabel("AGE").type(Duration.class)
      .converters(new DurationConverter()).description("Remove files older than this, e.g. 30d, 12h.").build();
  private final OptionSpec timeSpec = CommonOptions.option("FIELD", String.class,
      "Which time the age is measured by: mtime (default), atime or ctime.", "--time");
  private final OptionSpec globSpec = glob("--glob",
      "Only files matching (repeatable; on the name, or the relative path when it has a '/').");
  private final OptionSpec protectSpec = glob("--protect", "Never remove files matching (repeatable).");
  private final OptionSpec keepNewestSpec = CommonOptions.option("N", Integer.class,
      "Keep the N newest files of each directory; alone, remove all others.", "--keep-newest");
  private final OptionSpec maxTotalSizeSpec = OptionSpec.builder("--max-total-size").paramLabel("SIZE")
      .type(Long.class).converters(new SizeConverter())
      .description("Remove the oldest files until the matching files total at most SIZE, e.g. 1G, 500M.").build();
  private final OptionSpec applySpec = CommonOptions.flag("--apply", "Really remove (default: a dry run).");
  private final OptionSpec removeEmptyDirsSpec = CommonOptions.flag("--remove-empty-dirs",
      "Also remove directories the purge leaves empty (never DIR).");
  private final OptionSpec allowInsecureSpec = CommonOptions.flag("--allow-insecure",
      "On the portable OS layer, purge by path although a symlink swap could redirect a delete.");
  private final OptionSpec verboseSpec = CommonOptions.flag("-v", "--verbose",
      "With --apply, list every removed file.");
  private final CommonOptions.Specs common;

  private PurgeCommand() {
    spec.name("purge");
    spec.usageMessage().description(
        "Remove old files under DIR: a dry run listing what would go, unless --apply.",
        "Never follows symlinks or crosses filesystems; removes only regular files; skips files a writer holds "
            + "locked.");
    spec.addPositional(rootSpec);
    for (OptionSpec o : List.of(olderThanSpec, timeSpec, globSpec, protectSpec, keepNewestSpec, maxTotalSizeSpec,
        applySpec, removeEmptyDirsSpec, allowInsecureSpec, verboseSpec)) {
      spec.addOption(o);
    }
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new PurgeCommand().spec;
  }

  private static OptionSpec glob(String name, String description) {
    return CommonOptions.repeatable(OptionSpec.builder(name).paramLabel("GLOB").description(description));
  }

  @Override
  public Integer call() throws Exception {
    String time = timeSpec.getValue() == null ? "mtime" : timeSpec.getValue();
    PurgeOptions.TimeField field = switch (time) {
      case "mtime" -> PurgeOptions.TimeField.MTIME;
      case "atime" -> PurgeOptions.TimeField.ATIME;
      case "ctime" -> PurgeOptions.TimeField.CTIME;
      default -> throw new ParameterException(spec.commandLine(),
          "invalid --time '" + time + "': expected mtime, atime or ctime");
    };
    PurgeOptions o;
    try {
      o = new PurgeOptions(olderThanSpec.getValue(), field, CommonOptions.values(globSpec),
          CommonOptions.values(protectSpec), keepNewestSpec.getValue(), maxTotalSizeSpec.getValue(),
          CommonOptions.isSet(applySpec), CommonOptions.isSet(removeEmptyDirsSpec),
          CommonOptions.isSet(allowInsecureSpec), null);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!o.hasCondition()) {
      throw new ParameterException(spec.commandLine(),
          "no condition given: say --older-than, --keep-newest or --max-total-size (a purge of everything is refused)");
    }
    Path root = rootSpec.getValue();
    boolean verbose = CommonOptions.isSet(verboseSpec);
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
    if (common.isJson()) {
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
