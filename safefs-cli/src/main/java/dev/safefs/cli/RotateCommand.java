package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.rotate.RotateResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs rotate FILE --keep N [--compress]}: crash-safe log rotation. Built with picocli's programmatic API
 * instead of annotations, for startup speed (see {@link Main}).
 */
final class RotateCommand implements Callable<Integer> {

  private final CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec fileSpec = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("FILE").type(Path.class)
      .description("The file to rotate (a regular file, not a symlink).").build();
  private final OptionSpec keepSpec = OptionSpec.builder("--keep").required(true).paramLabel("N").type(int.class)
      .description("Generations to keep (at least 1).").build();
  private final OptionSpec compressSpec = CommonOptions.flag("--compress", "Gzip generations 2 and older.");
  private final CommonOptions.Specs common;

  private RotateCommand() {
    spec.name("rotate");
    spec.usageMessage().description("Rotate FILE: FILE -> FILE.1 -> FILE.2 ..., keep N generations, publish a fresh "
        + "empty FILE with the old mode and owner. Crash-safe: an interrupted rotation is finished by the next run.",
        "With --compress, generations 2 and older are gzipped (FILE.2.gz ...); FILE.1 stays plain, for writers "
        + "that have not reopened FILE yet (like logrotate's delaycompress).");
    spec.addPositional(fileSpec);
    spec.addOption(keepSpec);
    spec.addOption(compressSpec);
    common = CommonOptions.addTo(spec);
  }

  static CommandLine.Model.CommandSpec spec() {
    return new RotateCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    Path file = fileSpec.getValue();
    int keep = keepSpec.getValue();
    boolean compress = CommonOptions.isSet(compressSpec);
    if (keep < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keep must be at least 1 (got " + keep + ")");
    }
    RotateResult r = SafeFs.rotate(file, keep, compress);
    if (common.isJson()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", r.path().toString());
      o.put("rotated", r.rotated());
      o.put("generations", r.generations().stream().map(Path::toString).toList());
      o.put("removed", r.removed().stream().map(Path::toString).toList());
      o.put("compressed", r.compressed().stream().map(Path::toString).toList());
      o.put("recovered", r.recovered());
      spec.commandLine().getOut().println(Json.of(o));
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
