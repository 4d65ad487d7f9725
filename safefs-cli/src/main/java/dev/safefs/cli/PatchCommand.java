package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.edit.Change;
import dev.safefs.edit.Edit;
import dev.safefs.edit.EditOptions;
import dev.safefs.edit.EditResult;
import dev.safefs.edit.FileResult;
import dev.safefs.edit.LineRange;
import dev.safefs.edit.PatchResult;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * {@code safefs patch PATH --old TEXT --new TEXT}: replace text in one file (exactly, or with a reported tolerant
 * strategy); {@code safefs patch --patch FILE|-}: apply a V4A patch or a unified diff, all files or none. Built with
 * picocli's programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class PatchCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec pathSpec = PositionalParamSpec.builder()
      .index("0").arity("0..1").paramLabel("PATH").type(Path.class).description("The file to edit.").build();
  private final OptionSpec oldSpec = CommonOptions.option("TEXT", String.class, "The text to replace.", "--old");
  private final OptionSpec oldFileSpec = CommonOptions.option("FILE", Path.class,
      "Read the text to replace from FILE.", "--old-file");
  private final OptionSpec newSpec = CommonOptions.option("TEXT", String.class, "The replacement.", "--new");
  private final OptionSpec newFileSpec = CommonOptions.option("FILE", Path.class, "Read the replacement from FILE.",
      "--new-file");
  private final OptionSpec allSpec = CommonOptions.flag("--all", "Replace every occurrence (at least one).");
  private final OptionSpec patchSpec = CommonOptions.option("FILE|-", String.class,
      "Apply a V4A patch or unified diff ('-': stdin).", "--patch");
  private final OptionSpec rootSpec = CommonOptions.option("DIR", Path.class,
      "Directory the patch's paths are relative to (default: the current directory).", "--root");
  private final OptionSpec dryRunSpec = CommonOptions.flag("--dry-run", "Print the diff; write nothing.");
  private final ReplaceOptions replace;
  private final CommonOptions.Specs common;

  private boolean dryRun;
  private boolean json;

  private PatchCommand() {
    spec.name("patch");
    spec.usageMessage().description(
        "Replace text in a file, or apply a V4A patch or unified diff (git diff, diff -u).",
        "Edits: the old text must match once (else exit 5 listing every match); the strategy used is reported.",
        "Patches: every hunk is checked before anything is written; several files are one transaction.");
    spec.addPositional(pathSpec);
    for (OptionSpec o : List.of(oldSpec, oldFileSpec, newSpec, newFileSpec, allSpec, patchSpec, rootSpec,
        dryRunSpec)) {
      spec.addOption(o);
    }
    replace = ReplaceOptions.addTo(spec, "change");
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new PatchCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    Path path = pathSpec.getValue();
    String oldText = oldSpec.getValue();
    Path oldFile = oldFileSpec.getValue();
    String newText = newSpec.getValue();
    Path newFile = newFileSpec.getValue();
    boolean all = CommonOptions.isSet(allSpec);
    String patch = patchSpec.getValue();
    Path root = rootSpec.getValue();
    dryRun = CommonOptions.isSet(dryRunSpec);
    json = common.isJson();
    boolean record = replace.recorded(spec);
    EditOptions options = EditOptions.defaults().withDryRun(dryRun).withRecord(record)
        .withStateDir(replace.state())
        .withDurability(replace.durability())
        .withHashStreamed(json); // --json reports sha256 before and after, even of a file too big for memory
    if (patch != null) {
      if (path != null || oldText != null || oldFile != null || newText != null || newFile != null || all) {
        throw usage("--patch takes no PATH, --old, --new or --all");
      }
      String text = readPatch(patch);
      Path base = root != null ? root : Path.of("").toAbsolutePath();
      return render(SafeFs.patch(text, base, options, null));
    }
    if (path == null) {
      throw usage("give PATH with --old/--new, or --patch FILE");
    }
    if (root != null) {
      throw usage("--root applies to --patch only");
    }
    String o = text(oldText, oldFile, "--old");
    String n = text(newText, newFile, "--new");
    return render(SafeFs.edit(path, List.of(new Edit(o, n, all)), options));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private String text(String inline, Path file, String name) throws IOException {
    if (inline != null && file != null) {
      throw usage(name + " and " + name + "-file exclude each other");
    }
    if (inline == null && file == null) {
      throw usage(name + " TEXT or " + name + "-file FILE is required");
    }
    if (inline != null) {
      return inline;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw usage(name + "-file " + file + ": No such file");
    }
  }

  private String readPatch(String patch) throws IOException {
    if (patch.equals("-")) {
      InputStream in = new FileInputStream(FileDescriptor.in);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Files.readString(Path.of(patch), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw usage("--patch " + patch + ": No such file");
    }
  }

  private int render(EditResult r) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("dryRun", dryRun);
      o.put("written", r.written());
      o.put("files", List.of(file(r.path().toString(), null, "update", r.changes(), r.diff(), r.sha256Before(),
          r.sha256After())));
      out.println(Json.of(o));
    } else if (dryRun) {
      out.print(r.diff());
    } else {
      for (Change c : r.changes()) {
        out.println(r.path() + ": " + describe(c));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int render(PatchResult r) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("dryRun", dryRun);
      o.put("written", r.written());
      o.put("format", r.format());
      o.put("transaction", r.transactionId());
      List<Object> files = new ArrayList<>();
      for (FileResult f : r.files()) {
        files.add(file(f.path(), f.movedTo(), f.action().name().toLowerCase(java.util.Locale.ROOT), f.hunks(),
            f.diff(), f.sha256Before(), f.sha256After()));
      }
      o.put("files", files);
      out.println(Json.of(o));
    } else if (dryRun) {
      for (FileResult f : r.files()) {
        out.print(f.diff());
      }
    } else {
      for (FileResult f : r.files()) {
        String what = switch (f.action()) {
          case ADD -> "added";
          case DELETE -> "deleted";
          case UPDATE -> f.movedTo() != null ? "moved to " + f.movedTo() : "updated";
        };
        List<String> hunks = new ArrayList<>();
        for (Change c : f.hunks()) {
          hunks.add(describe(c));
        }
        out.println(f.path() + ": " + what + (hunks.isEmpty() ? "" : " (" + String.join("; ", hunks) + ")"));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> file(String path, String movedTo, String action, List<Change> changes,
      String diff, String before, String after) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("path", path);
    if (movedTo != null) {
      f.put("movedTo", movedTo);
    }
    f.put("action", action);
    List<Object> cs = new ArrayList<>();
    for (Change c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("strategy", c.strategy().label());
      m.put("alreadyApplied", c.alreadyApplied());
      List<Object> ranges = new ArrayList<>();
      for (LineRange lr : c.ranges()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("oldFirst", lr.oldFirst());
        x.put("oldLast", lr.oldLast());
        x.put("newFirst", lr.newFirst());
        x.put("newLast", lr.newLast());
        ranges.add(x);
      }
      m.put("lines", ranges);
      cs.add(m);
    }
    f.put("changes", cs);
    f.put("diff", diff);
    f.put("sha256Before", before);
    f.put("sha256After", after);
    return f;
  }

  private static String describe(Change c) {
    if (c.alreadyApplied()) {
      return "already applied, nothing changed (" + c.strategy().label() + ", " + c.ranges().getFirst() + ")";
    }
    List<String> r = new ArrayList<>();
    for (LineRange lr : c.ranges()) {
      r.add(lr.toString());
    }
    return c.strategy().label() + ", " + String.join(", ", r);
  }
}
