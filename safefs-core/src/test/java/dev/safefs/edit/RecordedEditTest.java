package dev.safefs.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void aStreamedEditIsRecordedWithTheOldInodeKeptAndCanBeUndone() throws IOException {
    // over the in-memory limit the edit streams; recorded, the journal keeps the replaced inode itself (a hard link,
    // no copy of a huge file) and undo brings back the bytes
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append("line ").append(i).append('\n');
    }
    String original = sb.toString();
    Path f = Files.writeString(tmp.resolve("big.txt"), original);
    long inode = (Long) Files.getAttribute(f, "unix:ino");
    System.setProperty("safefs.edit.inMemoryLimit", "1024");
    EditResult r = EditEngine.edit(f, List.of(Edit.of("line 19990\n", "LINE 19990\n")), recorded());
    assertThat(r.written()).isTrue();
    assertThat(r.sha256Before()).isEqualTo(dev.safefs.Hashes.sha256(original.getBytes()));
    assertThat(r.sha256After()).isEqualTo(dev.safefs.Hashes.sha256(Files.readAllBytes(f)));
    assertThat(Files.readString(f)).isEqualTo(original.replace("line 19990\n", "LINE 19990\n"));
    List<JournalEntry> h = history();
    assertThat(h).singleElement().extracting(JournalEntry::op).isEqualTo("edit");
    try (var blobs = Files.walk(tmp.resolve("state"))) {
      assertThat(blobs.filter(Files::isRegularFile).anyMatch(b -> {
        try {
          return ((Long) Files.getAttribute(b, "unix:ino")) == inode;
        } catch (IOException e) {
          return false;
        }
      })).as("the replaced inode kept in the state directory").isTrue();
    }
    SafeFs.journal(tmp.resolve("state")).undo(h.getFirst().id(), false);
    assertThat(Files.readString(f)).isEqualTo(original);
    // a streamed edit that finds nothing records nothing
    assertThatThrownBy(() -> EditEngine.edit(f, List.of(Edit.of("absent", "y")), recorded()))
        .isInstanceOf(dev.safefs.NoMatchException.class);
    assertThat(history()).hasSize(2); // the edit and its undo
    assertThat(Files.readString(f)).isEqualTo(original);
  }
}
