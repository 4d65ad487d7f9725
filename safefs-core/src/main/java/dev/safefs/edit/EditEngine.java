package dev.safefs.edit;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFs;
import dev.safefs.tx.Transaction;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Edits one file: every edit is applied in order to the content read once (all or nothing), then the result is
 * published by one compare-and-swap atomic replace: if the file changed since it was read, the edit is a conflict,
 * never a lost update. Files too big to hold in memory are streamed (one exact edit).
 */
public final class EditEngine {
  private EditEngine() {}

  static final String OP = "edit";

  /** Test seam: runs between reading the file and publishing the edit (to change the file meanwhile). */
  static volatile Runnable beforePublish = () -> { };

  public static EditResult edit(Path path, List<Edit> edits, EditOptions options) throws IOException {
    if (edits.isEmpty()) {
      throw new InvalidInputException(OP, path, "no edit given");
    }
    long size = FileText.size(OP, path);
    if (size > FileText.inMemoryLimit()) {
      if (edits.size() != 1) {
        throw new InvalidInputException(OP, path, "the file is " + size + " bytes: files over "
            + FileText.inMemoryLimit() + " bytes take one edit at a time");
      }
      return StreamingEdit.run(path, edits.getFirst(), options);
    }
    EditPlan plan = EditPlan.of(FileText.read(OP, path), edits, path);
    String shaBefore = plan.sha256Before();
    String shaAfter = plan.sha256After();
    List<Change> changes = plan.changes();
    String diff = plan.diff();
    if (diff.isEmpty()) { // the text is unchanged: nothing to write
      return new EditResult(path, changes, "", shaBefore, shaBefore, false);
    }
    byte[] after = plan.after();
    if (options.dryRun()) {
      return new EditResult(path, changes, diff, shaBefore, shaAfter, false);
    }
    WriteOptions wo = WriteOptions.defaults().withDurability(options.durability()).withExpectedSha256(shaBefore);
    beforePublish.run();
    try {
      if (options.record()) {
        try (Transaction tx = SafeFs.transaction(options.stateDir(), OP)) {
          tx.write(path, after, shaBefore);
          tx.commit();
        }
      } else {
        AtomicWriter.write(path, after, wo);
      }
    } catch (ConflictException e) {
      throw EditErrors.changedMeanwhile(OP, path, e);
    }
    return new EditResult(path, changes, diff, shaBefore, shaAfter, true);
  }
}
