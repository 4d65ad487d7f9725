package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.rotate.RotateResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs rotate FILE --keep N [--compress]}: crash-safe log rotation. */
@Command(name = "rotate",
    description = {"Rotate FILE: FILE -> FILE.1 -> FILE.2 ..., keep N generations, publish a fresh empty FILE with "
        + "the old mode and owner. Crash-safe: an interrupted rotation is finished by the next run.",
        "With --compress, generations 2 and older are gzipped (FILE.2.gz ...); FILE.1 stays plain, for writers "
        + "that have not reopened FILE yet (like logrotate's delaycompress)."})
final class RotateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to rotate (a regular file, not a symlink).")
  Path file;

  @Option(names = "--keep", required = true, paramLabel = "N", description = "Generations to keep (at least 1).")
  int keep;

  @Option(names = "--compress", description = "Gzip generations 2 and older.")
  boolean compress;

  @Mixin
  CommonOptions common;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (keep < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keep must be at least 1 (got " + keep + ")");
    }
    RotateResult r = SafeFs.rotate(file, keep, compress);
    if (common.json) {
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
