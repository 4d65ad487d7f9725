package dev.safefs.edit;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFs;
import dev.safefs.SafeFsException;
import dev.safefs.tx.Transaction;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
      if (options.record() && !options.dryRun()) {
        throw new InvalidInputException(OP, path, "the file is " + size + " bytes: edits of files over "
            + FileText.inMemoryLimit() + " bytes are streamed and cannot be recorded for undo");
      }
      return StreamingEdit.run(path, edits.getFirst(), options);
    }
    byte[] before = FileText.read(OP, path);
    String shaBefore = Hashes.sha256(before);
    TextCodec codec = TextCodec.decode(before, OP, path);
    String text = codec.text();
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < edits.size(); i++) {
      TextEditor.Outcome o;
      try {
        o = TextEditor.apply(text, edits.get(i), OP, path);
      } catch (SafeFsException e) {
        throw edits.size() == 1 ? e : EditErrors.prefix(e, "edit " + (i + 1) + " of " + edits.size() + ": ");
      }
      text = o.text();
      changes.add(o.change());
    }
    if (text.equals(codec.text())) {
      return new EditResult(path, changes, "", shaBefore, shaBefore, false);
    }
    String[] names = FileText.diffNames(path);
    String diff = Diffs.ofTexts(names[0], names[1], codec.text(), text);
    byte[] after = TextCodec.encode(codec.bom(), text);
    String shaAfter = Hashes.sha256(after);
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
