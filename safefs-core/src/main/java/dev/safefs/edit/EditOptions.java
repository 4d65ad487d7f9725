package dev.safefs.edit;

import dev.safefs.write.Durability;
import java.nio.file.Path;

/**
 * Options of an edit or a patch.
 *
 * @param dryRun compute the result and its diff, write nothing
 * @param durability how much the write waits for the disk (a recorded change is always fully durable)
 * @param record keep the change in the journal (undoable); it is then written as a transaction
 * @param stateDir the state directory of transactions and the journal, or null for the default
 */
public record EditOptions(boolean dryRun, Durability durability, boolean record, Path stateDir) {
  public EditOptions {
    if (durability == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
  }

  public static EditOptions defaults() {
    return new EditOptions(false, Durability.FILE_AND_DIRECTORY, false, null);
  }

  public EditOptions withDryRun(boolean d) {
    return new EditOptions(d, durability, record, stateDir);
  }

  public EditOptions withDurability(Durability d) {
    return new EditOptions(dryRun, d, record, stateDir);
  }

  public EditOptions withRecord(boolean r) {
    return new EditOptions(dryRun, durability, r, stateDir);
  }

  public EditOptions withStateDir(Path s) {
    return new EditOptions(dryRun, durability, record, s);
  }
}
