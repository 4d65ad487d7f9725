package dev.safefs.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.IoFailureException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFsException;
import dev.safefs.testing.ChildJvm;
import dev.safefs.testing.Modes;
import dev.safefs.testing.Tmpfs;
import dev.safefs.testing.WriteChild;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicWriterTest {
  @TempDir
  Path tmp;

  static final WriteOptions DEFAULTS = WriteOptions.defaults();

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void newFileGetsContentAndResult() throws Exception {
    Path f = tmp.resolve("new.txt");
    byte[] data = "hello\n".getBytes(StandardCharsets.UTF_8);
    WriteResult r = AtomicWriter.write(f, data, DEFAULTS);
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
    assertThat(r).isEqualTo(new WriteResult(f.toAbsolutePath(), 6, sha256(data), false));
    assertThat(Modes.temps(tmp)).isEmpty();
  }

  @Test
  void overwriteReplacesTheInodeAndReportsReplaced() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "old");
    long before = Modes.inode(f);
    WriteResult r = AtomicWriter.writeString(f, "new", DEFAULTS);
    assertThat(r.replaced()).isTrue();
    assertThat(Files.readString(f)).isEqualTo("new");
    assertThat(Modes.inode(f)).isNotEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(ints = {0600, 0640, 0755, 0444, 04755})
  void overwriteKeepsTheMode(int mode) throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "old");
    Modes.chmod(f, mode);
    AtomicWriter.writeString(f, "new", DEFAULTS);
    assertThat(Modes.mode(f)).isEqualTo(mode);
    assertThat(Files.readString(f)).isEqualTo("new");
  }

  @Test
  void anExplicitModeWins() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "old");
    Modes.chmod(f, 0644);
    AtomicWriter.writeString(f, "new", DEFAULTS.withMode(0600));
    assertThat(Modes.mode(f)).isEqualTo(0600);
    AtomicWriter.writeString(tmp.resolve("g"), "new", DEFAULTS.withMode(0751));
    assertThat(Modes.mode(tmp.resolve("g"))).isEqualTo(0751);
  }

  @ParameterizedTest
  @ValueSource(strings = {"022", "077", "002"})
  void aNewFileFollowsTheUmask(String umask) throws Exception {
    Path f = tmp.resolve("new-" + umask);
    var cmd = ChildJvm.viaShell("umask " + umask,
        ChildJvm.command(List.of(), WriteChild.class, "text", f.toString(), "x"));
    var r = ChildJvm.run(cmd, null, 60);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Modes.mode(f)).isEqualTo(0666 & ~Integer.parseInt(umask, 8));
  }

  @Test
  void overwriteKeepsOwnerAndGroupWhenPermitted() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Modes.isRoot(), "changing a file's owner needs root");
    Path f = tmp.resolve("owned");
    Files.writeString(f, "old");
    Files.setAttribute(f, "unix:uid", 4321);
    Files.setAttribute(f, "unix:gid", 5432);
    AtomicWriter.writeString(f, "new", DEFAULTS);
    assertThat(Modes.uid(f)).isEqualTo(4321);
    assertThat(Modes.gid(f)).isEqualTo(5432);
  }

  @Test
  void aSymlinkIsKeptAndItsTargetWritten() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("real")).resolve("target.txt");
    Files.writeString(target, "old");
    Modes.chmod(target, 0640);
    Path link = tmp.resolve("link");
    Files.createSymbolicLink(link, Path.of("real/target.txt"));
    Path link2 = tmp.resolve("link2");
    Files.createSymbolicLink(link2, link);
    WriteResult r = AtomicWriter.writeString(link2, "new", DEFAULTS);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.isSymbolicLink(link2)).isTrue();
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(Modes.mode(target)).isEqualTo(0640);
    assertThat(r.path()).isEqualTo(tmp.resolve("real/target.txt"));
    assertThat(Modes.temps(tmp)).isEmpty();
    assertThat(Modes.temps(tmp.resolve("real"))).isEmpty();
  }

  @Test
  void aDanglingSymlinkCreatesItsTarget() throws Exception {
    Path link = tmp.resolve("dangling");
    Files.createSymbolicLink(link, Path.of("made-by-write"));
    AtomicWriter.writeString(link, "content", DEFAULTS);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(tmp.resolve("made-by-write"))).isEqualTo("content");
  }

  @Test
  void aSymlinkLoopIsAnErrorNotAHang() throws Exception {
    Files.createSymbolicLink(tmp.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(tmp.resolve("b"), Path.of("a"));
    assertThatThrownBy(() -> AtomicWriter.writeString(tmp.resolve("a"), "x", DEFAULTS))
        .isInstanceOf(SafeFsException.class);
    assertThat(Files.isSymbolicLink(tmp.resolve("a"))).isTrue();
  }

  @Test
  void emptyContent() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "something");
    WriteResult r = AtomicWriter.write(f, new byte[0], DEFAULTS);
    assertThat(Files.size(f)).isZero();
    assertThat(r.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void everyByteValueAndInvalidUtf8RoundTrip() throws Exception {
    byte[] data = new byte[256 * 4 + 6];
    for (int i = 0; i < 256 * 4; i++) {
      data[i] = (byte) i;
    }
    byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    System.arraycopy(invalid, 0, data, 256 * 4, 6);
    Path f = tmp.resolve("bytes");
    AtomicWriter.write(f, data, DEFAULTS);
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
    AtomicWriter.write(f, new ByteArrayInputStream(data), DEFAULTS);
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
  }

  @Test
  void streamingWriteOfManyChunks() throws Exception {
    Path f = tmp.resolve("s");
    try (AtomicWriter w = AtomicWriter.open(f, DEFAULTS)) {
      for (int i = 0; i < 100_000; i++) {
        w.write(i & 0xff);
      }
      w.write(new byte[200_000]);
      w.write("tail".getBytes(StandardCharsets.UTF_8), 1, 3);
      w.commit();
    }
    byte[] back = Files.readAllBytes(f);
    assertThat(back).hasSize(300_003);
    assertThat(back[99_999]).isEqualTo((byte) (99_999 & 0xff));
    assertThat(new String(back, 300_000, 3, StandardCharsets.UTF_8)).isEqualTo("ail");
  }

  @Test
  void aGigabyteStreamsThroughA64MegabyteHeap() throws Exception {
    Path f = tmp.resolve("big");
    long size = 1L << 30;
    var r = ChildJvm.run(ChildJvm.command(List.of("-Xmx64m"), WriteChild.class, "stream", f.toString(),
        Long.toString(size)), null, 300);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] parts = r.out().strip().split(" ");
    assertThat(Long.parseLong(parts[2])).isLessThanOrEqualTo(64L << 20);
    assertThat(Files.size(f)).isEqualTo(size);
    assertThat(parts[0]).isEqualTo(WriteChild.Generated.sha256(size));
    assertThat(parts[0]).isEqualTo(sha256OfFile(f));
    Files.delete(f);
  }

  static String sha256OfFile(Path f) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void leavingWithoutCommitPublishesNothing() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "original");
    try (AtomicWriter w = AtomicWriter.open(f, DEFAULTS)) {
      w.write("half of the new".getBytes(StandardCharsets.UTF_8));
      assertThat(Modes.temps(tmp)).hasSize(1);
    }
    assertThat(Files.readString(f)).isEqualTo("original");
    assertThat(Modes.temps(tmp)).isEmpty();
    assertThatThrownBy(() -> {
      try (AtomicWriter w = AtomicWriter.open(tmp.resolve("g"), DEFAULTS)) {
        w.write(1);
        throw new IllegalStateException("the caller failed mid-write");
      }
    }).isInstanceOf(IllegalStateException.class);
    assertThat(tmp.resolve("g")).doesNotExist();
    assertThat(Modes.temps(tmp)).isEmpty();
  }

  @Test
  void aWriterCannotBeUsedAfterCommit() throws Exception {
    try (AtomicWriter w = AtomicWriter.open(tmp.resolve("f"), DEFAULTS)) {
      w.write(1);
      w.commit();
      assertThatThrownBy(() -> w.write(2)).isInstanceOf(IOException.class);
      assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
    }
    assertThat(Files.readAllBytes(tmp.resolve("f"))).containsExactly(1);
  }

  @Test
  void compareAndSwapReplacesOnlyTheExpectedContent() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "v1");
    String v1 = sha256("v1".getBytes(StandardCharsets.UTF_8));
    AtomicWriter.writeString(f, "v2", DEFAULTS.withExpectedSha256(v1));
    assertThat(Files.readString(f)).isEqualTo("v2");
    assertThatThrownBy(() -> AtomicWriter.writeString(f, "v3", DEFAULTS.withExpectedSha256(v1)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining(v1)
        .hasMessageContaining(sha256("v2".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(f)).isEqualTo("v2");
    assertThat(Modes.temps(tmp)).isEmpty();
    assertThatThrownBy(() -> AtomicWriter.writeString(tmp.resolve("absent"), "x", DEFAULTS.withExpectedSha256(v1)))
        .isInstanceOf(ConflictException.class);
    assertThat(tmp.resolve("absent")).doesNotExist();
  }

  @Test
  void createOnlyRefusesAnExistingFile() throws Exception {
    Path f = tmp.resolve("f");
    AtomicWriter.writeString(f, "first", DEFAULTS.withCreateOnly(true));
    assertThatThrownBy(() -> AtomicWriter.writeString(f, "second", DEFAULTS.withCreateOnly(true)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
    assertThat(Files.readString(f)).isEqualTo("first");
    Files.createSymbolicLink(tmp.resolve("dangling"), Path.of("nowhere"));
    AtomicWriter.writeString(tmp.resolve("dangling"), "made", DEFAULTS.withCreateOnly(true));
    assertThat(Files.readString(tmp.resolve("nowhere"))).isEqualTo("made");
  }

  @Test
  void twoRacingCreateOnlyWritersExactlyOneWins() throws Exception {
    for (int round = 0; round < 200; round++) {
      Path f = tmp.resolve("race" + round);
      CyclicBarrier barrier = new CyclicBarrier(2);
      AtomicInteger wins = new AtomicInteger();
      AtomicInteger conflicts = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        String content = "writer" + t;
        threads.add(Thread.ofPlatform().start(() -> {
          try (AtomicWriter w = AtomicWriter.open(f, DEFAULTS.withCreateOnly(true)
              .withDurability(Durability.NONE))) {
            w.write(content.getBytes(StandardCharsets.UTF_8));
            barrier.await();
            w.commit();
            wins.incrementAndGet();
          } catch (ConflictException e) {
            conflicts.incrementAndGet();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(wins.get()).as("round %d", round).isEqualTo(1);
      assertThat(conflicts.get()).isEqualTo(1);
      assertThat(Files.readString(f)).matches("writer[01]");
    }
    assertThat(Modes.temps(tmp)).isEmpty();
  }

  @Test
  void writersOfOneJvmToOnePathTakeTurnsAndLoseNoTemp() throws Exception {
    Path f = tmp.resolve("shared");
    int threads = 8;
    int each = 40;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      ts.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < each; i++) {
          try {
            AtomicWriter.writeString(f, ("thread " + id + " write " + i + "\n").repeat(100),
                DEFAULTS.withDurability(Durability.NONE));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }
      }));
    }
    for (Thread t : ts) {
      t.join();
    }
    String content = Files.readString(f);
    assertThat(content).matches("(thread \\d write \\d+\n){100}");
    assertThat(content.lines().distinct()).hasSize(1);
    assertThat(Modes.temps(tmp)).isEmpty();
  }

  @Test
  void aDirectoryOrAMissingParentIsAClearError() throws Exception {
    Files.createDirectory(tmp.resolve("d"));
    assertThatThrownBy(() -> AtomicWriter.writeString(tmp.resolve("d"), "x", DEFAULTS))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> AtomicWriter.writeString(tmp.resolve("no/such/file"), "x", DEFAULTS))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(tmp.resolve("no/such/file").toString());
  }

  @Test
  void aReadOnlyDirectoryFailsWithTheOriginalIntactAndNoTemp() throws Exception {
    if (!Modes.isRoot()) {
      Path d = Files.createDirectory(tmp.resolve("ro"));
      Path f = d.resolve("f");
      Files.writeString(f, "original");
      Modes.chmod(d, 0555);
      try {
        assertThatThrownBy(() -> AtomicWriter.writeString(f, "new", DEFAULTS)).isInstanceOf(SafeFsException.class)
            .hasMessageContaining(f.toString()).hasMessageContaining("create temp");
        assertThat(Files.readString(f)).isEqualTo("original");
        assertThat(Modes.temps(d)).isEmpty();
      } finally {
        Modes.chmod(d, 0755);
      }
      return;
    }
    // root writes through mode bits, so a read-only filesystem stands in for the read-only directory
    try (Tmpfs fs = Tmpfs.mount(tmp.resolve("ro"), "1m")) {
      Path f = fs.dir().resolve("f");
      Files.writeString(f, "original");
      fs.remountReadOnly();
      assertThatThrownBy(() -> AtomicWriter.writeString(f, "new", DEFAULTS)).isInstanceOf(IoFailureException.class)
          .hasMessageContaining(f.toString()).hasMessageContaining("create temp")
          .hasMessageContaining("Read-only file system");
      assertThat(Files.readString(f)).isEqualTo("original");
      assertThat(Modes.temps(fs.dir())).isEmpty();
    }
  }

  @Test
  void aFullDiskFailsWithTheOriginalIntactAndNoTemp() throws Exception {
    try (Tmpfs fs = Tmpfs.mount(tmp.resolve("small"), "1m")) {
      Path f = fs.dir().resolve("f");
      Files.writeString(f, "original");
      long inode = Modes.inode(f);
      assertThatThrownBy(() -> AtomicWriter.write(f, new WriteChild.Generated(4L << 20), DEFAULTS))
          .isInstanceOf(IoFailureException.class)
          .hasMessageContaining(f.toString()).hasMessageContaining("write temp")
          .hasMessageContaining("No space left on device");
      assertThat(Files.readString(f)).isEqualTo("original");
      assertThat(Modes.inode(f)).isEqualTo(inode);
      assertThat(Modes.temps(fs.dir())).isEmpty();
      // and the space came back: a write that fits succeeds
      AtomicWriter.writeString(f, "fits", DEFAULTS);
      assertThat(Files.readString(f)).isEqualTo("fits");
    }
  }

  @Test
  void aFileSizeLimitHitMidWriteFailsCleanly() throws Exception {
    Path f = tmp.resolve("limited");
    Files.writeString(f, "original");
    // ulimit -f counts 1024-byte blocks; SIGXFSZ is ignored so write(2) returns EFBIG instead of killing the JVM
    var cmd = ChildJvm.viaShell("ulimit -f 512; trap '' XFSZ",
        ChildJvm.command(List.of(), WriteChild.class, "stream", f.toString(), Long.toString(4L << 20)));
    var r = ChildJvm.run(cmd, null, 60);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(10 + SafeFsException.Kind.IO_FAILURE.exitCode());
    assertThat(r.err()).contains(f.toString()).contains("write temp").contains("File too large");
    assertThat(Files.readString(f)).isEqualTo("original");
    assertThat(Modes.temps(tmp)).isEmpty();
  }

  @Test
  void durabilityNoneAndFileStillPublishAtomically() throws Exception {
    for (Durability d : Durability.values()) {
      Path f = tmp.resolve("d-" + d);
      AtomicWriter.writeString(f, d.name(), DEFAULTS.withDurability(d));
      assertThat(Files.readString(f)).isEqualTo(d.name());
    }
    assertThat(Modes.temps(tmp)).isEmpty();
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> DEFAULTS.withExpectedSha256("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.withMode(010000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVeryLongNameStillGetsATempWithinNameMax() throws Exception {
    String name = "é".repeat(127); // 254 bytes in UTF-8
    Path f = tmp.resolve(name);
    AtomicWriter.writeString(f, "long", DEFAULTS);
    AtomicWriter.writeString(f, "longer", DEFAULTS);
    assertThat(Files.readString(f)).isEqualTo("longer");
  }
}
