package dev.safefs.edit;

/**
 * What a patch did (or would do) to one file.
 *
 * @param path the file, as the patch names it (relative to the patch root)
 * @param movedTo its new name when the patch moves it, else null
 * @param action added, deleted or updated
 * @param hunks how each hunk was applied (strategy and line ranges); empty for a delete
 * @param diff unified diff of the file's change
 * @param sha256Before hash before the patch, null for an added file
 * @param sha256After hash after the patch, null for a deleted file
 */
public record FileResult(String path, String movedTo, FilePatch.Action action, java.util.List<Change> hunks,
    String diff, String sha256Before, String sha256After) {
  public FileResult {
    hunks = java.util.List.copyOf(hunks);
  }
}
