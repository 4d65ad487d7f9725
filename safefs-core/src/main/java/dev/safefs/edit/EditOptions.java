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
 * @param hashStreamed also hash a file too big for memory (streamed: one exact edit), where SHA-256 takes longer than
 *     the edit; without it such a result has no hashes (null) and the compare-and-swap goes by the file's stat,
 *     unless the file changed in the same clock tick as the edit began (then it is hashed anyway). Files edited in
 *     memory are always hashed.
 */
public record EditOptions(boolean dryRun, Durability durability, boolean record, Path stateDir,
    boolean hashStreamed) {
  public EditOptions {
    if (durability == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
  }

  public static EditOptions defaults() {
    return new EditOptions(false, Durability.FILE_AND_DIRECTORY, false, null, false);
  }

  public EditOptions withDryRun(boolean d) {
    return new EditOptions(d, durability, record, stateDir, hashStreamed);
  }

  public EditOptions withDurability(Durability d) {
    return new EditOptions(dryRun, d, record, stateDir, hashStreamed);
  }

  public EditOptions withRecord(boolean r) {
    return new EditOptions(dryRun, durability, r, stateDir, hashStreamed);
  }

  public EditOptions withStateDir(Path s) {
    return new EditOptions(dryRun, durability, record, s, hashStreamed);
  }

  public EditOptions withHashStreamed(boolean h) {
    return new EditOptions(dryRun, durability, record, stateDir, h);
  }
}
