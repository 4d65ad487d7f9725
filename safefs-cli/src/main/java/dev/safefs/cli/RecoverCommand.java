package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.tx.Journal;
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

/**
 * {@code safefs recover [DIR]}: finishes or discards the transactions a crash interrupted (state directory), and
 * removes temps of killed writers under DIR, never one whose writer is alive.
 */
@Command(name = "recover", description = "Clean up after crashes: finish or discard interrupted transactions, and "
    + "remove temps under DIR whose writer is gone.")
final class RecoverCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The directory tree to sweep.")
  Path dir;

  @picocli.CommandLine.Mixin
  StateOption state;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Journal.RecoveryReport t = SafeFs.recoverTransactions(state.state);
    StaleTempSweeper.Report r = dir == null ? new StaleTempSweeper.Report(List.of(), List.of(), List.of())
        : SafeFs.recover(dir);
    PrintWriter out = spec.commandLine().getOut();
    List<String> errors = new java.util.ArrayList<>(r.errors());
    errors.addAll(t.problems());
    if (common.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", dir == null ? null : dir.toString());
      o.put("transactions_rolled_forward", t.rolledForward());
      o.put("transactions_discarded", t.discarded());
      o.put("removed", strings(r.removed()));
      o.put("kept", strings(r.kept()));
      o.put("errors", errors);
      out.println(Json.of(o));
    } else {
      for (String id : t.rolledForward()) {
        out.println("finished transaction " + id);
      }
      for (String id : t.discarded()) {
        out.println("discarded transaction " + id);
      }
      for (Path p : r.removed()) {
        out.println("removed " + p);
      }
      for (Path p : r.kept()) {
        out.println("kept (writer alive) " + p);
      }
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    for (String e : errors) {
      err.println("safefs: recover: " + e);
    }
    err.flush();
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.IO_FAILURE;
  }

  private static List<String> strings(List<Path> paths) {
    return paths.stream().map(Path::toString).toList();
  }
}
