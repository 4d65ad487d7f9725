package dev.safefs.edit;

import java.nio.file.Path;
import java.util.List;

/**
 * What an edit did (or, on a dry run, would do).
 *
 * @param path the file
 * @param changes one per edit, in order
 * @param diff unified diff of the whole file change (empty when nothing changed)
 * @param sha256Before hash of the content the edit was computed from; null for a streamed edit that was not asked
 *     to hash ({@link EditOptions#hashStreamed()})
 * @param sha256After hash of the new content (equal to before when nothing changed); null when not hashed
 * @param written whether the file was replaced (false on a dry run or when nothing changed)
 */
public record EditResult(Path path, List<Change> changes, String diff, String sha256Before, String sha256After,
    boolean written) {
  public EditResult {
    changes = List.copyOf(changes);
  }

  public boolean changed() {
    return sha256Before == null || sha256After == null ? !diff.isEmpty() : !sha256Before.equals(sha256After);
  }
}
