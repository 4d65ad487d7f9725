package dev.safefs.edit;

import java.util.List;

/**
 * The changes a patch makes to one file.
 *
 * @param action what happens to the file
 * @param path the file (relative to the patch root)
 * @param altPath for {@code diff -u} with two different names: the other name, used when {@code path} is absent
 * @param moveTo the new name of an updated file, or null
 * @param hunks for an update the hunks; for an add one hunk of added lines; for a unified delete the removed lines
 * @param patchLine where the file's section starts in the patch text (1-based)
 * @param mode the mode a git patch gives a new file, or null
 * @param baseBlob the (abbreviated) git blob id of the file the diff was made from ({@code index} line), or null
 */
public record FilePatch(Action action, String path, String altPath, String moveTo, List<Hunk> hunks, int patchLine,
    Integer mode, String baseBlob) {

  public enum Action {
    ADD, DELETE, UPDATE
  }

  public FilePatch {
    hunks = List.copyOf(hunks);
  }
}
