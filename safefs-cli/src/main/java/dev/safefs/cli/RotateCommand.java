package dev.safefs.cli;

import dev.safefs.os.Os;
import dev.safefs.purge.RotateResult;
import dev.safefs.purge.Rotator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs rotate FILE --keep N [--compress]}. */
@Command(name = "rotate", description = {
    "Rotate FILE: FILE -> FILE.1 -> FILE.2 ... (.gz with --compress), keep N generations, a new empty FILE with",
    "the old mode and owner. Crash-safe at every step; an interrupted rotation is completed by the next run."})
final class RotateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to rotate.")
  Path file;

  @Option(names = "--keep", paramLabel = "N", required = true, description = "How many old generations to keep (at least 1).")
  int keep;

  @Option(names = "--compress", description = "Compress the rotated generations with gzip.")
  boolean compress;

  @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up (exit 5) when FILE's lock is not free within this time (default: wait).")
  Duration lockTimeout;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (keep < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--keep must be at least 1");
    }
    RotateResult r = new Rotator(Os.get()).rotate(file, keep, compress, lockTimeout);
    if (common.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", r.path().toString());
      o.put("generations", r.generations().stream().map(Path::toString).toList());
      o.put("removed", r.removed().stream().map(Path::toString).toList());
      o.put("recovered", r.recovered());
      spec.commandLine().getOut().println(Json.of(o));
    } else {
      for (String s : r.recovered()) {
        spec.commandLine().getErr().println("safefs: rotate: recovered: " + s);
      }
    }
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
    return ExitCodes.OK;
  }
}
