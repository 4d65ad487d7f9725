package dev.safefs.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.Hashes;
import dev.safefs.os.Dir;
import dev.safefs.os.Os;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordedReplace}: what it keeps, what it records, and how recovery settles its pending records. */
class RecordedReplaceTest {
  @TempDir Path tmp;
  Path state;
  Path work;
  Journal journal;
  Os os = Os.get();
  Dir dir;

  @BeforeEach
  void setUp() throws IOException {
    state = tmp.resolve("state");
    work = Files.createDirectories(tmp.resolve("work"));
    journal = Journal.open(state, Retention.DEFAULT);
    dir = os.openDir(work);
  }

  @AfterEach
  void tearDown() throws IOException {
    dir.close();
  }

  private JournalEntry replace(String name, String content) throws IOException {
    return replace(name, content, WriteOptions.defaults());
  }

  private JournalEntry replace(String name, String content, WriteOptions options) throws IOException {
    try (RecordedReplace rec = journal.replace("write", work.resolve(name), dir, name);
        AtomicWriter w = AtomicWriter.open(os, dir, name, options)) {
      w.write(content.getBytes(StandardCharsets.UTF_8));
      w.commit(rec);
      return rec.finish();
    }
  }

  private static String sha(String s) {
    return Hashes.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  private String[] blobNames() throws IOException {
    try (Stream<Path> s = Files.list(state.resolve("blobs"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("gc.lock")).sorted()
          .toArray(String[]::new);
    }
  }

  @Test
  void aCallerThatHashesTheContentGetsItKeptByLinkAndNamedByItsHash() throws IOException {
    replace("a", "one");
    long inode = (long) Files.getAttribute(work.resolve("a"), "unix:ino");
    JournalEntry e;
    try (RecordedReplace rec = journal.replaceHashedByCaller("edit", work.resolve("a"), dir, "a");
        AtomicWriter w = AtomicWriter.open(os, dir, "a", WriteOptions.defaults())) {
      w.write("two".getBytes(StandardCharsets.UTF_8));
      // the record must name the content kept: no commit before its hash is given
      assertThatThrownBy(() -> w.commit(rec)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("beforeRead");
    }
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("one");
    assertThat(blobNames()).as("the link to the inode let go with the replace that did not commit").isEmpty();
    try (RecordedReplace rec = journal.replaceHashedByCaller("edit", work.resolve("a"), dir, "a");
        AtomicWriter w = AtomicWriter.open(os, dir, "a", WriteOptions.defaults())) {
      try (var fh = os.open(dir, "a", Os.Access.READ, false)) {
        rec.beforeRead(fh.stat(), sha("one"));
      }
      w.write("two".getBytes(StandardCharsets.UTF_8));
      w.commit(rec);
      e = rec.finish();
    }
    assertThat(e.changes().getFirst().before()).isEqualTo(sha("one"));
    assertThat((long) Files.getAttribute(state.resolve("blobs").resolve(sha("one")), "unix:ino"))
        .as("the replaced inode itself, linked, not read").isEqualTo(inode);
    journal.undo(e.id(), false);
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("one");
  }

  @Test
  void aCallerHashThatIsNotOfTheInodeKeptIsAConflictAndNothingIsRecorded() throws IOException {
    replace("a", "one");
    String[] blobsBefore = blobNames();
    try (RecordedReplace rec = journal.replaceHashedByCaller("edit", work.resolve("a"), dir, "a")) {
      Files.writeString(work.resolve("b"), "other"); // another inode read by mistake, or the file swapped meanwhile
      try (var fh = os.open(dir, "b", Os.Access.READ, false)) {
        assertThatThrownBy(() -> rec.beforeRead(fh.stat(), sha("other"))).isInstanceOf(ConflictException.class)
            .hasMessageContaining("replaced while it was being read");
      }
    }
    assertThat(blobNames()).containsExactly(blobsBefore); // the link to the inode kept is let go
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("one");
    // where the content was copied, not linked (a second name on the inode), a hash of other content conflicts too
    Files.createLink(work.resolve("a2"), work.resolve("a"));
    try (RecordedReplace rec = journal.replaceHashedByCaller("edit", work.resolve("a"), dir, "a");
        var fh = os.open(dir, "a", Os.Access.READ, false)) {
      assertThatThrownBy(() -> rec.beforeRead(fh.stat(), sha("not one"))).isInstanceOf(ConflictException.class)
          .hasMessageContaining("changed while it was being read");
      rec.beforeRead(fh.stat(), sha("one")); // the content copied and hashed here
    }
  }

  @Test
  void theReplacedInodeIsKeptAsTheBlobAndUndoGivesItBack() throws IOException {
    replace("a", "one");
    long inode = (long) Files.getAttribute(work.resolve("a"), "unix:ino");
    JournalEntry e = replace("a", "two");
    assertThat(e.changes().getFirst().before()).isEqualTo(sha("one"));
    assertThat(e.changes().getFirst().after()).isEqualTo(sha("two"));
    Path blob = state.resolve("blobs").resolve(sha("one"));
    assertThat((long) Files.getAttribute(blob, "unix:ino")).as("a hard link, no copy").isEqualTo(inode);
    assertThat(Files.readString(blob)).isEqualTo("one");
    assertThat(blobNames()).containsExactly(sha("one"));
    journal.undo(e.id(), false);
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("one");
  }

  @Test
  void aFileWithOtherNamesIsCopiedNotLinked() throws IOException {
    replace("a", "one");
    Files.createLink(work.resolve("other"), work.resolve("a"));
    replace("a", "two");
    Path blob = state.resolve("blobs").resolve(sha("one"));
    assertThat(Files.getAttribute(blob, "unix:ino")).isNotEqualTo(Files.getAttribute(work.resolve("other"), "unix:ino"));
    assertThat(Files.readString(blob)).isEqualTo("one");
  }

  @Test
  void aFailedReplaceLeavesNoRecordNoLinkAndTheFileAsItWas() throws IOException {
    replace("a", "one");
    String[] blobsBefore = blobNames();
    assertThatThrownBy(() -> replace("a", "two", WriteOptions.defaults().withExpectedSha256(sha("other"))))
        .isInstanceOf(ConflictException.class);
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("one");
    assertThat(Files.getAttribute(work.resolve("a"), "unix:nlink")).isEqualTo(1);
    assertThat(blobNames()).containsExactly(blobsBefore);
    assertThat(journal.history(0, null).entries()).hasSize(1);
  }

  @Test
  void undoRefusesAKeptContentWhoseHashChanged() throws IOException {
    replace("a", "one");
    JournalEntry e = replace("a", "two");
    Files.writeString(state.resolve("blobs").resolve(sha("one")), "tampered");
    assertThatThrownBy(() -> journal.undo(e.id(), false)).hasMessageContaining("damaged");
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("two");
  }

  /** Puts an entry back to the pending state a crash between rename and finish() leaves. */
  private void makePending(JournalEntry e) throws IOException {
    Files.move(state.resolve("journal").resolve(e.id() + ".tx"), state.resolve("blobs").resolve("." + e.id() + ".pending"));
  }

  @Test
  void recoveryPublishesAPendingRecordWhoseFileHoldsItsContent() throws IOException {
    replace("a", "one");
    JournalEntry e = replace("a", "two");
    makePending(e);
    assertThat(journal.history(0, null).entries()).hasSize(1);
    Journal.RecoveryReport r = journal.recover();
    assertThat(r.rolledForward()).containsExactly(e.id());
    assertThat(journal.history(0, null).entries().getFirst().id()).isEqualTo(e.id());
  }

  @Test
  void recoveryPublishesAPendingRecordThatALaterRecordStartsFrom() throws IOException {
    replace("a", "one");
    JournalEntry e = replace("a", "two");
    replace("a", "three"); // the file moved on after e's call returned
    makePending(e);
    assertThat(journal.recover().rolledForward()).containsExactly(e.id());
    assertThat(journal.history(0, null).entries()).extracting(JournalEntry::id).contains(e.id());
  }

  @Test
  void recoveryDropsAPendingRecordWhoseRenameNeverHappened() throws IOException {
    replace("a", "one");
    JournalEntry e = replace("a", "two");
    makePending(e);
    Files.writeString(work.resolve("a"), "one"); // as if the rename to "two" never reached the disk
    Journal.RecoveryReport r = journal.recover();
    assertThat(r.discarded()).singleElement().asString().startsWith(e.id());
    assertThat(journal.history(0, null).entries()).extracting(JournalEntry::id).doesNotContain(e.id());
    try (Stream<Path> s = Files.list(state.resolve("blobs"))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".pending"));
    }
  }

  @Test
  void recoveryNamesTheBlobFromItsLinkWhenTheCrashCameBefore() throws IOException {
    replace("a", "one");
    JournalEntry e = replace("a", "two");
    makePending(e);
    Path blob = state.resolve("blobs").resolve(sha("one"));
    Files.move(blob, state.resolve("blobs").resolve(".blob-" + e.id() + ".link"));
    assertThat(journal.recover().rolledForward()).containsExactly(e.id());
    assertThat(Files.readString(blob)).isEqualTo("one");
    assertThat(blobNames()).containsExactly(sha("one"));
  }

  @Test
  void recoveryRemovesTheLinkOfAReplaceKilledBeforeItsRecord() throws IOException {
    replace("a", "one");
    Files.createLink(state.resolve("blobs").resolve(".blob-" + Journal.newId() + ".link"), work.resolve("a"));
    journal.recover();
    assertThat(blobNames()).isEmpty();
    assertThat(Files.getAttribute(work.resolve("a"), "unix:nlink")).isEqualTo(1);
  }
}
