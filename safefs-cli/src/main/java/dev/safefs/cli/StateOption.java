package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.tx.Journal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code --state DIR}: where the journal, intent records and locks live. */
final class StateOption {
  static final String DESCRIPTION = "State directory (journal, transaction records, locks). Default: $SAFEFS_STATE, "
      + "$XDG_STATE_HOME/safefs or ~/.local/state/safefs.";

  @Option(names = "--state", paramLabel = "DIR", description = DESCRIPTION)
  Path state;

  /** The same option for a command built without annotations (see {@link WriteCommand}). */
  static OptionSpec spec() {
    return CommonOptions.option("DIR", Path.class, DESCRIPTION, "--state");
  }

  /**
   * The journal, opened (and so recovered); what the recovery did to interrupted transactions is said on stderr,
   * prefixed by the command's name.
   */
  Journal journal(CommandSpec spec) throws IOException {
    return journal(state, spec);
  }

  /** The same for a command built without annotations (see {@link WriteCommand}). */
  static Journal journal(Path state, CommandSpec spec) throws IOException {
    Journal j = SafeFs.journal(state);
    Journal.RecoveryReport r = j.lastRecovery();
    PrintWriter err = spec.commandLine().getErr();
    String prefix = "safefs: " + spec.name() + ": ";
    for (String id : r.rolledForward()) {
      err.println(prefix + "recovery: finished interrupted transaction " + id);
    }
    for (String id : r.discarded()) {
      err.println(prefix + "recovery: discarded interrupted transaction " + id);
    }
    for (String p : r.problems()) {
      err.println(prefix + "recovery: " + p);
    }
    err.flush();
    return j;
  }
}
