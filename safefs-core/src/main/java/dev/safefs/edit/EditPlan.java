package dev.safefs.edit;

import dev.safefs.Hashes;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An edit computed in memory from bytes already read: the strategies in order, all-or-nothing, and the diff, without
 * any file access. {@link EditEngine#edit} reads the file and publishes the plan; callers that must read and write
 * through their own handles (the sandbox of {@code safefs serve} resolves files beneath a root and publishes with a compare-and-swap
 * on {@link #sha256Before()}).
 *
 * @param after the new bytes (BOM and line endings kept)
 * @param changes one per edit, in order
 * @param diff unified diff, named by {@code shown} on both sides; empty when nothing changed
 */
public record EditPlan(byte[] after, List<Change> changes, String diff, String sha256Before, String sha256After) {

  public boolean changed() {
    return !sha256Before.equals(sha256After);
  }

  public static EditPlan of(byte[] before, List<Edit> edits, Path shown) throws SafeFsException {
    if (edits.isEmpty()) {
      throw new InvalidInputException(EditEngine.OP, shown, "no edit given");
    }
    String shaBefore = Hashes.sha256(before);
    TextCodec codec = TextCodec.decode(before, EditEngine.OP, shown);
    String text = codec.text();
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < edits.size(); i++) {
      TextEditor.Outcome o;
      try {
        o = TextEditor.apply(text, edits.get(i), EditEngine.OP, shown);
      } catch (SafeFsException e) {
        throw edits.size() == 1 ? e : EditErrors.prefix(e, "edit " + (i + 1) + " of " + edits.size() + ": ");
      }
      text = o.text();
      changes.add(o.change());
    }
    if (text.equals(codec.text())) {
      return new EditPlan(before, changes, "", shaBefore, shaBefore);
    }
    String[] names = FileText.diffNames(shown);
    String diff = Diffs.ofTexts(names[0], names[1], codec.text(), text);
    byte[] after = TextCodec.encode(codec.bom(), text);
    return new EditPlan(after, changes, diff, shaBefore, Hashes.sha256(after));
  }
}
