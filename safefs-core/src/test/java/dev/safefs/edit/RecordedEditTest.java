package dev.safefs.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.InvalidInputException;
import dev.safefs.SafeFs;
import dev.safefs.tx.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded edits and patches land in the journal and can be undone; unrecorded ones do not. */
class RecordedEditTest {

  @TempDir
  Path tmp;

  @AfterEach
  void reset() {
    System.clearProperty("safefs.edit.inMemoryLimit");
  }

  private EditOptions recorded() {
    return EditOptions.defaults().withRecord(true).withStateDir(tmp.resolve("state"));
  }

  private List<JournalEntry> history() throws IOException {
    return SafeFs.journal(tmp.resolve("state")).history(10, null).entries();
  }

  @Test
  void aRecordedEditCanBeUndone() throws IOException {
    Path f = Files.writeString(tmp.resolve("f.txt"), "one\ntwo\n");
    EditEngine.edit(f, List.of(Edit.of("two", "2")), EditOptions.defaults().withStateDir(tmp.resolve("state")));
    assertThat(history()).isEmpty();
    EditEngine.edit(f, List.of(Edit.of("one", "1")), recorded());
    assertThat(Files.readString(f)).isEqualTo("1\n2\n");
    List<JournalEntry> h = history();
    assertThat(h).singleElement().extracting(JournalEntry::op).isEqualTo("edit");
    SafeFs.journal(tmp.resolve("state")).undo(h.getFirst().id(), false);
    assertThat(Files.readString(f)).isEqualTo("one\n2\n");
  }

  @Test
  void aRecordedPatchCanBeUndoneEvenForOneFile() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("a.txt"), "alpha\n");
    PatchResult r = PatchEngine.apply("*** Begin Patch\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** End Patch\n",
        root, recorded(), null);
    assertThat(r.transactionId()).isNotNull();
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("ALPHA\n");
    List<JournalEntry> h = history();
    assertThat(h).singleElement().extracting(JournalEntry::op).isEqualTo("patch");
    SafeFs.journal(tmp.resolve("state")).undo(h.getFirst().id(), false);
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("alpha\n");
  }

  @Test
  void aStreamedEditCannotBeRecorded() throws IOException {
    Path f = Files.writeString(tmp.resolve("big.txt"), "x".repeat(100) + "\n");
    System.setProperty("safefs.edit.inMemoryLimit", "16");
    assertThatThrownBy(() -> EditEngine.edit(f, List.of(Edit.of("xx", "y")), recorded()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be recorded");
    assertThat(Files.readString(f)).isEqualTo("x".repeat(100) + "\n");
  }
}
