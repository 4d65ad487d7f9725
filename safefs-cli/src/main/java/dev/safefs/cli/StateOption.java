package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.tx.Journal;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state DIR}: where the journal, intent records and locks live. */
final class StateOption {
  @Option(names = "--state", paramLabel = "DIR",
      description = "State directory (journal, transaction records, locks). Default: $SAFEFS_STATE, "
          + "$XDG_STATE_HOME/safefs or ~/.local/state/safefs.")
  Path state;

  /** The journal, opened (and so recovered). */
  Journal journal() throws IOException {
    return SafeFs.journal(state);
  }
}
