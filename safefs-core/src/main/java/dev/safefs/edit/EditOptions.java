package dev.safefs.edit;

import dev.safefs.write.Durability;

/**
 * Options of an edit or a patch.
 *
 * @param dryRun compute the result and its diff, write nothing
 * @param durability how much the write waits for the disk
 */
public record EditOptions(boolean dryRun, Durability durability) {
  public EditOptions {
    if (durability == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
  }

  public static EditOptions defaults() {
    return new EditOptions(false, Durability.FILE_AND_DIRECTORY);
  }

  public EditOptions withDryRun(boolean d) {
    return new EditOptions(d, durability);
  }

  public EditOptions withDurability(Durability d) {
    return new EditOptions(dryRun, d);
  }
}
