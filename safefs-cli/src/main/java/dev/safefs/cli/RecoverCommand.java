package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.write.StaleTempSweeper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code safefs recover DIR}: removes temps of killed writers, never one whose writer is alive. */
@Command(name = "recover", description = "Clean up after crashes under DIR: remove temps whose writer is gone.")
final class RecoverCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory tree to recover.")
  Path dir;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StaleTempSweeper.Report r = SafeFs.recover(dir);
    PrintWriter out = spec.commandLine().getOut();
    if (common.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", dir.toString());
      o.put("removed", strings(r.removed()));
      o.put("kept", strings(r.kept()));
      o.put("errors", r.errors());
      out.println(Json.of(o));
    } else {
      for (Path p : r.removed()) {
        out.println("removed " + p);
      }
      for (Path p : r.kept()) {
        out.println("kept (writer alive) " + p);
      }
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    for (String e : r.errors()) {
      err.println("safefs: recover: " + e);
    }
    err.flush();
    return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.IO_FAILURE;
  }

  private static List<String> strings(List<Path> paths) {
    return paths.stream().map(Path::toString).toList();
  }
}
