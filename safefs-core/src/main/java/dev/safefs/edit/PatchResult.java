package dev.safefs.edit;

import java.util.List;

/**
 * What a patch did.
 *
 * @param format "v4a" or "unified"
 * @param files one per file section of the patch, in order
 * @param written false on a dry run
 * @param transactionId the transaction that applied a multi-file patch, else null
 */
public record PatchResult(String format, List<FileResult> files, boolean written, String transactionId) {
  public PatchResult {
    files = List.copyOf(files);
  }
}
