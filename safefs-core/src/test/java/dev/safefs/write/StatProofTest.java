package dev.safefs.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compare-and-swap by stat alone ({@link AtomicWriter#statProvesUnchanged()}): trusted only for a target last
 * changed before the temp was created by the file system's clock; a change in the same clock tick is not trusted.
 */
class StatProofTest {
  @TempDir
  Path dir;

  @Test
  void aTargetChangedInTheSameClockTickAsTheOpenIsNotTrustedOneChangedBeforeIs() throws Exception {
    Path p = dir.resolve("f.txt");
    boolean sawSameTick = false;
    // the kernel stamps changes with a coarse clock (a tick of a few ms): a write followed at once by an open lands
    // in the same tick nearly every time; a few hundred tries make missing it for good practically impossible
    for (int i = 0; i < 300 && !sawSameTick; i++) {
      Files.writeString(p, "v" + i);
      try (AtomicWriter w = AtomicWriter.open(p, WriteOptions.defaults())) {
        sawSameTick = !w.statProvesUnchanged();
        if (sawSameTick) {
          assertThatThrownBy(w::expectUnchangedSinceOpen).isInstanceOf(IllegalStateException.class);
        }
      }
    }
    assertThat(sawSameTick).as("a write and an open in the same clock tick").isTrue();
    Thread.sleep(30);
    try (AtomicWriter w = AtomicWriter.open(p, WriteOptions.defaults())) {
      assertThat(w.statProvesUnchanged()).isTrue();
      w.callerHashes();
      w.expectUnchangedSinceOpen();
      w.write("new".getBytes(), 0, 3);
      assertThat(w.commit((String) null).sha256()).isNull();
    }
    assertThat(Files.readString(p)).isEqualTo("new");
  }

  @Test
  void anInPlaceWriteAfterTheOpenFailsTheStatOnlyCommit() throws Exception {
    Path p = dir.resolve("g.txt");
    Files.writeString(p, "before");
    Thread.sleep(30);
    try (AtomicWriter w = AtomicWriter.open(p, WriteOptions.defaults())) {
      assertThat(w.statProvesUnchanged()).isTrue();
      w.callerHashes();
      w.expectUnchangedSinceOpen();
      w.write("mine".getBytes(), 0, 4);
      Files.writeString(p, "theirs"); // same inode, right after the open: in the same tick or not, its ctime moves
      assertThatThrownBy(() -> w.commit((String) null)).isInstanceOf(ConflictException.class)
          .hasMessageContaining("changed since it was read");
    }
    assertThat(Files.readString(p)).isEqualTo("theirs");
  }

  @Test
  void withoutATargetThereIsNothingToTrust() throws Exception {
    try (AtomicWriter w = AtomicWriter.open(dir.resolve("new.txt"), WriteOptions.defaults())) {
      assertThat(w.statProvesUnchanged()).isFalse();
    }
  }
}
