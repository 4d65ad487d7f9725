package dev.safefs.tx;

import dev.safefs.Hashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.IoFailureException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path tmp;
  Path state;
  Path work;
  Journal journal;

  @BeforeEach
  void setUp() throws IOException {
    state = tmp.resolve("state");
    work = Files.createDirectories(tmp.resolve("work"));
    journal = Journal.open(state, Retention.DEFAULT);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String modeOf(String name) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(name)));
  }

  private String read(String name) throws IOException {
    return Files.readString(work.resolve(name));
  }

  private TxResult write(String name, String content) throws IOException {
    try (Transaction tx = journal.transaction("write")) {
      tx.write(work.resolve(name), b(content));
      return tx.commit();
    }
  }

  @Test
  void undoOfAWriteRestoresTheOldContentAndOfACreateRemovesTheFile() throws IOException {
    write("a", "one");
    write("a", "two");
    journal.undo(null, false);
    assertThat(read("a")).isEqualTo("one");
    TxResult created = write("b", "fresh");
    journal.undo(created.id(), false);
    assertThat(work.resolve("b")).doesNotExist();
  }

  @Test
  void undoOfAMultiFileTransactionRestoresEveryFile() throws IOException {
    Path sub = Files.createDirectories(work.resolve("sub"));
    write("a", "a0");
    write("sub/b", "b0");
    TxResult r;
    try (Transaction tx = journal.transaction("apply")) {
      tx.write(work.resolve("a"), b("a1")).write(sub.resolve("b"), b("b1")).write(work.resolve("c"), b("c1"));
      r = tx.commit();
    }
    assertThat(r.recorded()).isTrue();
    journal.undo(r.id(), false);
    assertThat(read("a")).isEqualTo("a0");
    assertThat(read("sub/b")).isEqualTo("b0");
    assertThat(work.resolve("c")).doesNotExist();
  }

  @Test
  void deletesAreUndoableTheContentGoesToTheJournal() throws IOException {
    Files.write(work.resolve("precious"), b("do not lose me"));
    TxResult r;
    try (Transaction tx = journal.transaction("delete")) {
      tx.delete(work.resolve("precious"));
      r = tx.commit();
    }
    assertThat(work.resolve("precious")).doesNotExist();
    assertThat(r.changes().getFirst().before()).isEqualTo(Hashes.sha256(b("do not lose me"), 0, 14));
    assertThat(state.resolve("blobs").resolve(r.changes().getFirst().before())).hasContent("do not lose me");
    journal.undo(null, false);
    assertThat(read("precious")).isEqualTo("do not lose me");
  }

  @Test
  void undoRestoresTheModesOfDeletedAndMovedFiles() throws IOException {
    Files.write(work.resolve("secret"), b("s"));
    Files.write(work.resolve("script"), b("#!/bin/sh"));
    Files.setPosixFilePermissions(work.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(work.resolve("script"), PosixFilePermissions.fromString("rwxr-x---"));
    try (Transaction tx = journal.transaction("apply")) {
      tx.delete(work.resolve("secret")).move(work.resolve("script"), work.resolve("moved"));
      tx.commit();
    }
    journal.undo(null, false);
    assertThat(modeOf("secret"))
        .isEqualTo("rw-------");
    assertThat(modeOf("script"))
        .isEqualTo("rwxr-x---");
    assertThat(work.resolve("moved")).doesNotExist();
  }

  @Test
  void undoOfAMoveBringsBothNamesBack() throws IOException {
    Files.write(work.resolve("from"), b("content"));
    Files.write(work.resolve("to"), b("overwritten"));
    try (Transaction tx = journal.transaction("move")) {
      tx.move(work.resolve("from"), work.resolve("to"));
      tx.commit();
    }
    assertThat(work.resolve("from")).doesNotExist();
    assertThat(read("to")).isEqualTo("content");
    journal.undo(null, false);
    assertThat(read("from")).isEqualTo("content");
    assertThat(read("to")).isEqualTo("overwritten");
  }

  @Test
  void undoRefusesFilesChangedSinceNamingThemAndForceOverrides() throws IOException {
    write("a", "a0");
    TxResult r;
    try (Transaction tx = journal.transaction("apply")) {
      tx.write(work.resolve("a"), b("a1")).write(work.resolve("b"), b("b1")).write(work.resolve("c"), b("c1"));
      r = tx.commit();
    }
    Files.write(work.resolve("a"), b("edited by hand"));
    Files.delete(work.resolve("c"));
    assertThatThrownBy(() -> journal.undo(r.id(), false)).isInstanceOf(ConflictException.class)
        .hasMessageContaining(work.resolve("a").toString())
        .hasMessageContaining(work.resolve("c").toString())
        .hasMessageNotContaining(work.resolve("b").toString());
    assertThat(read("a")).isEqualTo("edited by hand");
    assertThat(read("b")).isEqualTo("b1");
    journal.undo(r.id(), true);
    assertThat(read("a")).isEqualTo("a0");
    assertThat(work.resolve("b")).doesNotExist();
    assertThat(work.resolve("c")).doesNotExist();
  }

  @Test
  void undoOfAnUndoRedoes() throws IOException {
    write("a", "one");
    write("a", "two");
    TxResult undo = journal.undo(null, false);
    assertThat(read("a")).isEqualTo("one");
    JournalEntry newest = journal.history(1, null).entries().getFirst();
    assertThat(newest.op()).isEqualTo("undo");
    assertThat(newest.id()).isEqualTo(undo.id());
    journal.undo(undo.id(), false);
    assertThat(read("a")).isEqualTo("two");
    journal.undo(null, false);
    assertThat(read("a")).isEqualTo("one");
  }

  @Test
  void undoAfterAnIdRestoresTheStateRightAfterIt() throws IOException {
    TxResult first = write("a", "one");
    write("a", "two");
    write("b", "bee");
    try (Transaction tx = journal.transaction("delete")) {
      tx.delete(work.resolve("a"));
      tx.commit();
    }
    journal.undoAfter(first.id(), false);
    assertThat(read("a")).isEqualTo("one");
    assertThat(work.resolve("b")).doesNotExist();
  }

  @Test
  void historyListsNewestFirstAndFiltersByPath() throws IOException {
    TxResult a = write("a", "1");
    TxResult b = write("b", "2");
    TxResult c = write("a", "3");
    List<JournalEntry> all = journal.history(0, null).entries();
    assertThat(all).extracting(JournalEntry::id).containsExactly(c.id(), b.id(), a.id());
    assertThat(journal.history(2, null).entries()).hasSize(2);
    assertThat(journal.history(0, work.resolve("a")).entries()).extracting(JournalEntry::id)
        .containsExactly(c.id(), a.id());
    assertThat(journal.history(0, work).entries()).hasSize(3);
    assertThat(all.getFirst().paths()).containsExactly(work.resolve("a"));
    assertThat(all.getFirst().op()).isEqualTo("write");
  }

  @Test
  void recordingApiCapturesInPlaceChanges() throws IOException {
    Files.write(work.resolve("log"), b("line1\n"));
    journal.record("append", List.of(work.resolve("log")),
        () -> Files.write(work.resolve("log"), b("line2\n"), java.nio.file.StandardOpenOption.APPEND));
    JournalEntry e = journal.history(1, null).entries().getFirst();
    assertThat(e.op()).isEqualTo("append");
    assertThat(e.changes().getFirst().before()).isEqualTo(Hashes.sha256(b("line1\n"), 0, 6));
    journal.undo(null, false);
    assertThat(read("log")).isEqualTo("line1\n");
  }

  @Test
  void aRecordingThatIsNotCommittedRecordsNothing() throws IOException {
    try (Journal.Recording rec = journal.begin("purge", List.of(work.resolve("x")))) {
      assertThat(rec).isNotNull();
    }
    assertThat(journal.history(0, null).entries()).isEmpty();
  }

  // ---- retention

  @Test
  void retentionKeepsAtMostNOperationsOldestDroppedFirstWithTheirContents() throws IOException {
    journal = Journal.open(state, new Retention(3, Long.MAX_VALUE));
    for (int i = 0; i < 6; i++) {
      write("a", "version " + i);
    }
    List<JournalEntry> kept = journal.history(0, null).entries();
    assertThat(kept).hasSize(3);
    assertThat(kept.getLast().changes().getFirst().before()).isEqualTo(Hashes.sha256(b("version 2"), 0, 9));
    // contents only the dropped operations needed are gone: versions 0 and 1 (before of ops 1 and 2)
    try (Stream<Path> s = Files.list(state.resolve("blobs"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(Hashes::isSha256))
          .containsExactlyInAnyOrder(Hashes.sha256(b("version 2"), 0, 9), Hashes.sha256(b("version 3"), 0, 9),
              Hashes.sha256(b("version 4"), 0, 9));
    }
    journal.undo(null, false);
    assertThat(read("a")).isEqualTo("version 4");
  }

  @Test
  void retentionKeepsAtMostMBytes() throws IOException {
    journal = Journal.open(state, new Retention(1000, 40_000));
    byte[] big = new byte[10_000];
    for (int i = 0; i < 8; i++) {
      big[0] = (byte) i; // distinct contents
      try (Transaction tx = journal.transaction("write")) {
        tx.write(work.resolve("f"), big);
        tx.commit();
      }
      assertThat(bytesOf(state.resolve("journal")) + bytesOf(state.resolve("blobs"))).isLessThanOrEqualTo(40_000);
    }
    List<JournalEntry> kept = journal.history(0, null).entries();
    assertThat(kept.size()).isBetween(2, 4);
    journal.undo(null, false);
    assertThat(Files.readAllBytes(work.resolve("f"))[0]).isEqualTo((byte) 6);
  }

  @Test
  void theNewestOperationStaysEvenWhenItAloneIsOverTheByteLimit() throws IOException {
    journal = Journal.open(state, new Retention(1000, 40_000));
    Files.write(work.resolve("huge"), new byte[100_000]); // its before-content alone is 2.5x the limit
    try (Transaction tx = journal.transaction("write")) {
      tx.write(work.resolve("huge"), b("small now"));
      tx.commit();
    }
    assertThat(journal.history(0, null).entries()).hasSize(1);
    journal.undo(null, false);
    assertThat(Files.readAllBytes(work.resolve("huge"))).isEqualTo(new byte[100_000]);
    // the undo is the newest now: the big operation may go, the undo stays
    assertThat(journal.history(0, null).entries()).extracting(JournalEntry::op).contains("undo");
  }

  @Test
  void identicalContentsAreStoredOnce() throws IOException {
    Files.write(work.resolve("x"), b("same"));
    Files.write(work.resolve("y"), b("same"));
    try (Transaction tx = journal.transaction("apply")) {
      tx.write(work.resolve("x"), b("1")).write(work.resolve("y"), b("2"));
      tx.commit();
    }
    try (Stream<Path> s = Files.list(state.resolve("blobs"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(Hashes::isSha256)).hasSize(1);
    }
  }

  private static long bytesOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("gc.lock"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }

  // ---- damaged entries

  @Test
  void aTruncatedOrCorruptEntryIsReportedSkippedAndNeverApplied() throws IOException {
    TxResult a = write("a", "one");
    TxResult b = write("a", "two");
    TxResult c = write("b", "bee");
    Path entryB = state.resolve("journal").resolve(b.id() + ".tx");
    Path entryC = state.resolve("journal").resolve(c.id() + ".tx");
    try (RandomAccessFile f = new RandomAccessFile(entryB.toFile(), "rw")) {
      f.setLength(f.length() - 30); // truncated: the checksum line is cut
    }
    byte[] bytes = Files.readAllBytes(entryC);
    int i = new String(bytes, StandardCharsets.UTF_8).indexOf("write\t") + 8;
    bytes[i] ^= 0x01; // one flipped bit in a path
    Files.write(entryC, bytes);

    Journal.History h = journal.history(0, null);
    assertThat(h.entries()).extracting(JournalEntry::id).containsExactly(a.id());
    assertThat(h.problems()).hasSize(2);
    assertThat(h.problems()).anySatisfy(p -> assertThat(p).contains(b.id()).contains("damaged"));
    assertThat(h.problems()).anySatisfy(p -> assertThat(p).contains(c.id()).contains("checksum"));

    assertThatThrownBy(() -> journal.undo(b.id(), true)).isInstanceOf(IoFailureException.class)
        .hasMessageContaining("damaged");
    assertThatThrownBy(() -> journal.undo(null, true)).isInstanceOf(IoFailureException.class)
        .hasMessageContaining(c.id());
    assertThat(read("a")).isEqualTo("two");
    assertThat(read("b")).isEqualTo("bee");
  }

  @Test
  void aCorruptIntentIsDiscardedWithItsTempsNothingApplied() throws IOException {
    Files.write(work.resolve("a"), b("old"));
    Transaction tx = journal.transaction();
    tx.write(work.resolve("a"), b("new")).write(work.resolve("b"), b("b"));
    Path intent = state.resolve("tx").resolve(tx.id() + ".intent");
    assertThat(intent).exists();
    // a crash while staging: the record has its temp lines but no checksum; simulate the owner's death
    byte[] staged = Files.readAllBytes(intent);
    Journal.LIVE.remove(tx.id());
    tx.close(); // removes everything; put the crash state back by hand
    Files.write(intent, staged);
    Path temp = work.resolve(".a." + tx.id() + ".safefs-tx");
    Files.write(temp, b("new"));
    Journal.RecoveryReport r = journal.recover();
    assertThat(r.discarded()).singleElement().asString().startsWith(tx.id());
    assertThat(temp).doesNotExist();
    assertThat(intent).doesNotExist();
    assertThat(read("a")).isEqualTo("old");
    assertThat(work.resolve("b")).doesNotExist();
  }

  @Test
  void rollForwardIsIdempotentAndLeavesFilesThatAreNoLongerTheRecordedOnes() throws IOException {
    // a durable intent whose owner died after some steps: a renamed already, b's temp still staged; "gone" was
    // already deleted and recreated by hand since (another inode); "m" was moved already
    String id = Journal.newId().replaceFirst("-[0-9a-z]+-", "-1-"); // pid 1: not ours, and never "live" here
    Files.writeString(work.resolve("a"), "new a");
    Path tempB = work.resolve(".b." + id + ".safefs-tx");
    Files.writeString(tempB, "new b");
    Files.writeString(work.resolve("gone"), "recreated by hand");
    Files.writeString(work.resolve("m2"), "moved");
    long staleInode = (long) Files.getAttribute(work.resolve("m2"), "unix:ino") + 1000;
    List<Step> steps = List.of(
        new Step.Write(work, "a", ".a." + id + ".safefs-tx", null, "00".repeat(32), 5, -1),
        new Step.Write(work, "b", ".b." + id + ".safefs-tx", null, "00".repeat(32), 5, -1),
        new Step.Delete(work, "gone", null, staleInode, -1),
        new Step.Move(work, "m", work, "m2", null, staleInode, null, -1, -1));
    Files.write(state.resolve("tx").resolve(id + ".intent"),
        IntentRecord.whole(id, java.time.Instant.now(), null, null, steps));

    Journal.RecoveryReport r = journal.recover();
    assertThat(r.rolledForward()).containsExactly(id);
    assertThat(read("a")).isEqualTo("new a");
    assertThat(read("b")).isEqualTo("new b");
    assertThat(tempB).doesNotExist();
    assertThat(read("gone")).isEqualTo("recreated by hand");
    assertThat(read("m2")).isEqualTo("moved");
    assertThat(state.resolve("tx").resolve(id + ".intent")).doesNotExist();
    assertThat(journal.recover().rolledForward()).isEmpty();
  }

  @Test
  void aLostTempWhoseTargetDoesNotHoldItsContentIsReportedNotGuessed() throws IOException {
    String id = Journal.newId().replaceFirst("-[0-9a-z]+-", "-1-");
    Files.writeString(work.resolve("a"), "something else");
    Files.write(state.resolve("tx").resolve(id + ".intent"), IntentRecord.whole(id, java.time.Instant.now(), null,
        null, List.of(new Step.Write(work, "a", ".a." + id + ".safefs-tx", null, Hashes.sha256(b("new"), 0, 3), 3,
            -1))));
    Journal.RecoveryReport r = journal.recover();
    assertThat(r.problems()).singleElement().asString().contains(id).contains(work.resolve("a").toString())
        .contains("staged content is gone");
    assertThat(read("a")).isEqualTo("something else");
  }
}
