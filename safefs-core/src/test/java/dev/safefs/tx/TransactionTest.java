package dev.safefs.tx;

import dev.safefs.Hashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
  @TempDir Path tmp;
  Path state;
  Path work;
  Journal journal;

  @BeforeEach
  void setUp() throws IOException {
    state = tmp.resolve("state");
    work = Files.createDirectories(tmp.resolve("work"));
    journal = Journal.open(state);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Everything in the work tree except nothing: no temps may be left behind. */
  private void assertNoLeftovers() throws IOException {
    try (Stream<Path> s = Files.walk(work)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("safefs"))).isEmpty();
    }
    try (Stream<Path> s = Files.list(state.resolve("tx"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void commitAppliesWritesDeletesAndMovesAcrossDirectories() throws IOException {
    Path sub = Files.createDirectories(work.resolve("sub"));
    Files.write(work.resolve("a"), b("old a"));
    Files.write(work.resolve("c"), b("doomed"));
    Files.write(sub.resolve("d"), b("moving"));
    Files.setPosixFilePermissions(work.resolve("a"), PosixFilePermissions.fromString("rw-r-----"));
    long movedInode = (long) Files.getAttribute(sub.resolve("d"), "unix:ino");
    TxResult r;
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("a"), b("new a")).write(sub.resolve("b"), b("new b"))
          .delete(work.resolve("c")).move(sub.resolve("d"), work.resolve("e"));
      r = tx.commit();
    }
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("new a");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("a")))).isEqualTo("rw-r-----");
    assertThat(Files.readString(sub.resolve("b"))).isEqualTo("new b");
    assertThat(work.resolve("c")).doesNotExist();
    assertThat(sub.resolve("d")).doesNotExist();
    assertThat(Files.readString(work.resolve("e"))).isEqualTo("moving");
    assertThat((long) Files.getAttribute(work.resolve("e"), "unix:ino")).isEqualTo(movedInode);
    assertThat(r.recorded()).isFalse();
    assertThat(r.changes()).hasSize(5);
    assertNoLeftovers();
  }

  @Test
  void closingWithoutCommitChangesNothing() throws IOException {
    Files.write(work.resolve("a"), b("old"));
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("a"), b("new")).write(work.resolve("b"), b("b")).delete(work.resolve("a2"));
    }
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("old");
    assertThat(work.resolve("b")).doesNotExist();
    assertNoLeftovers();
  }

  @Test
  void casMismatchFailsTheWholeTransactionNamingTheFile() throws IOException {
    Files.write(work.resolve("a"), b("old"));
    Files.write(work.resolve("b"), b("b"));
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("a"), b("new"), "0".repeat(64)).write(work.resolve("c"), b("c")).delete(work.resolve("b"));
      assertThatThrownBy(tx::commit).isInstanceOf(ConflictException.class)
          .hasMessageContaining(work.resolve("a").toString());
    }
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("old");
    assertThat(work.resolve("b")).exists();
    assertThat(work.resolve("c")).doesNotExist();
    assertNoLeftovers();
  }

  @Test
  void casMatchPublishes() throws IOException {
    Files.write(work.resolve("a"), b("old"));
    String sha = Hashes.sha256(b("old"), 0, 3);
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("a"), b("new"), sha);
      tx.commit();
    }
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("new");
  }

  @Test
  void deletingAMissingFileFailsAndChangesNothing() throws IOException {
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("a"), b("a")).delete(work.resolve("missing"));
      assertThatThrownBy(tx::commit).isInstanceOf(NotFoundException.class);
    }
    assertThat(work.resolve("a")).doesNotExist();
    assertNoLeftovers();
  }

  @Test
  void aPathTwiceIsRefused() throws IOException {
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("a"), b("a"));
      assertThatThrownBy(() -> tx.delete(work.resolve("a"))).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("appears twice");
    }
    assertNoLeftovers();
  }

  @Test
  void writeThroughSymlinkKeepsTheLink() throws IOException {
    Files.write(work.resolve("real"), b("old"));
    Files.createSymbolicLink(work.resolve("link"), Path.of("real"));
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve("link"), b("new"));
      tx.commit();
    }
    assertThat(Files.isSymbolicLink(work.resolve("link"))).isTrue();
    assertThat(Files.readString(work.resolve("real"))).isEqualTo("new");
  }

  @Test
  void missingParentsAreAnErrorUnlessAskedToCreateThem() throws IOException {
    try (Transaction tx = journal.transaction()) {
      assertThatThrownBy(() -> tx.write(work.resolve("x/y/z"), b("z"))).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("directory does not exist");
    }
    assertThat(work.resolve("x")).doesNotExist();
    Files.write(work.resolve("m"), b("m"));
    try (Transaction tx = journal.transaction().createParents()) {
      tx.write(work.resolve("x/y/z"), b("z")).move(work.resolve("m"), work.resolve("n/m"));
      tx.commit();
    }
    assertThat(Files.readString(work.resolve("x/y/z"))).isEqualTo("z");
    assertThat(Files.readString(work.resolve("n/m"))).isEqualTo("m");
  }
}
