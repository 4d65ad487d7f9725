package dev.safefs.cli;

import dev.safefs.tx.Journal;
import dev.safefs.tx.TxResult;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs undo [ID]}: restores the before-state of a recorded operation as one transaction. */
@Command(name = "undo",
    description = "Restore the state from before a recorded operation (default: the newest), as "
    + "one transaction. Refuses (exit 5) when a file changed since, unless --force.")
final class UndoCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The operation to undo (see history).")
  String id;

  @Option(names = "--after", paramLabel = "ID",
      description = "Undo every operation recorded after ID (ID itself stays).")
  String after;

  @Option(names = "--force", description = "Overwrite files that changed since the operation.")
  boolean force;

  @Mixin
  StateOption state;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (id != null && after != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either ID or --after ID, not both");
    }
    Journal j = state.journal(spec);
    TxResult r = after != null ? j.undoAfter(after, force) : j.undo(id, force);
    PrintWriter out = spec.commandLine().getOut();
    if (common.json) {
      Map<String, Object> o = Changes.of(r);
      out.println(Json.of(o));
    } else {
      out.println("undone as " + r.id() + ": " + r.changes().size() + " path" + (r.changes().size() == 1 ? "" : "s")
          + " restored");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
