package dev.safefs.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.testing.Modes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the OS layer. Surefire runs this suite twice: on the Linux system calls and, with
 * -Dsafefs.os=portable, on the NIO implementation.
 */
class OsContractTest {
  @TempDir
  Path tmp;

  Os os;
  Dir dir;

  @BeforeEach
  void setUp() throws IOException {
    os = Os.get();
    dir = os.openDir(tmp);
  }

  @Test
  void theRequestedImplementationIsInUse() {
    String wanted = System.getProperty("safefs.os", "native");
    assertThat(os.name()).isEqualTo(wanted.equals("portable") ? "portable" : "linux");
  }

  @Test
  void createExclusiveMakesA0600FileAndRefusesAnExistingName() throws IOException {
    try (FileHandle fh = os.createExclusive(dir, "a", 0600)) {
      byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
      fh.write(data, 0, data.length);
      fh.fsync();
    }
    assertThat(Files.readString(tmp.resolve("a"))).isEqualTo("hello");
    assertThat(Modes.mode(tmp.resolve("a"))).isEqualTo(0600);
    assertThatThrownBy(() -> os.createExclusive(dir, "a", 0600)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void readAllReadsTheWholeFileWhateverSizeItWasToldAndStopsOneBytePastTheLimit() throws IOException {
    byte[] content = new byte[20_000];
    new java.util.Random(3).nextBytes(content);
    Files.write(tmp.resolve("r"), content);
    try (FileHandle fh = os.open(dir, "r", Os.Access.READ, false)) {
      assertThat(fh.readAll(content.length, 1 << 20)).as("the size it has").isEqualTo(content);
      assertThat(fh.readAll(100, 1 << 20)).as("grew since the stat").isEqualTo(content);
      assertThat(fh.readAll(0, 1 << 20)).as("was empty at the stat").isEqualTo(content);
      assertThat(fh.readAll(50_000, 1 << 20)).as("shrank since the stat").isEqualTo(content);
      assertThat(fh.readAll(content.length, 1000)).as("over the limit: limit + 1 bytes")
          .isEqualTo(java.util.Arrays.copyOf(content, 1001));
      assertThat(fh.readAll(100, 10_000)).as("grew past the limit")
          .isEqualTo(java.util.Arrays.copyOf(content, 10_001));
      assertThat(fh.readAll(content.length, content.length)).as("exactly at the limit").isEqualTo(content);
    }
    Files.write(tmp.resolve("empty"), new byte[0]);
    try (FileHandle fh = os.open(dir, "empty", Os.Access.READ, false)) {
      assertThat(fh.readAll(0, 10)).isEmpty();
    }
  }

  @Test
  void copyFromCopiesTheRangeAtThePositionAndAppendsItAfterWhatWasWritten() throws IOException {
    byte[] src = new byte[3 * 1024 * 1024 + 17]; // over the 1 MiB buffers, not a multiple of them
    new java.util.Random(7).nextBytes(src);
    Files.write(tmp.resolve("src"), src);
    try (FileHandle in = os.open(dir, "src", Os.Access.READ, false);
        FileHandle out = os.createExclusive(dir, "dst", 0600)) {
      out.write(new byte[] {'<'}, 0, 1);
      long copied = 0;
      long want = src.length - 1000 - 5;
      while (copied < want) {
        long n = out.copyFrom(in, 1000 + copied, want - copied);
        assertThat(n).isPositive();
        copied += n;
      }
      out.startWriteback(0, copied + 1); // a hint: changes nothing that can be read
      out.write(new byte[] {'>'}, 0, 1);
      assertThat(out.copyFrom(in, src.length, 10)).isZero(); // at the end of the source
      assertThat(out.copyFrom(in, src.length - 3, 10)).isEqualTo(3); // short at the end
      out.fsync();
    }
    byte[] expected = new byte[1 + (src.length - 1005) + 1 + 3];
    expected[0] = '<';
    System.arraycopy(src, 1000, expected, 1, src.length - 1005);
    expected[src.length - 1004] = '>';
    System.arraycopy(src, src.length - 3, expected, src.length - 1003, 3);
    assertThat(Files.readAllBytes(tmp.resolve("dst"))).isEqualTo(expected);
    assertThat(Files.readAllBytes(tmp.resolve("src"))).isEqualTo(src); // the source is untouched
  }

  @Test
  void aDirectoryListedAgainThroughTheSameHandleListsEverythingAgain() throws IOException {
    for (int i = 0; i < 300; i++) {
      Files.writeString(tmp.resolve("f" + i), "");
    }
    try (Dir d = os.openDir(tmp)) {
      for (int round = 0; round < 3; round++) {
        List<String> names = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        os.list(d, e -> names.add(e.name()));
        os.listNames(d, (b, off, len, type) -> raw.add(new String(b, off, len, StandardCharsets.UTF_8)));
        assertThat(names).as("round " + round).hasSize(300).containsExactlyInAnyOrderElementsOf(raw);
      }
    }
  }

  @Test
  void datasyncAfterAppendsKeepsEveryByteAndTheSize() throws IOException {
    try (FileHandle fh = os.openOrCreate(dir, "log", Os.Access.READ_APPEND, 0644)) {
      for (int i = 0; i < 3; i++) {
        byte[] rec = ("record " + i + "\n").getBytes(StandardCharsets.UTF_8);
        fh.write(rec, 0, rec.length);
        fh.datasync();
      }
      assertThat(fh.stat().size()).isEqualTo(27);
    }
    assertThat(Files.readString(tmp.resolve("log"))).isEqualTo("record 0\nrecord 1\nrecord 2\n");
  }

  @Test
  void createExclusiveNeverFollowsASymlink() throws IOException {
    Path outside = tmp.resolve("outside");
    Files.createSymbolicLink(tmp.resolve("link"), outside);
    assertThatThrownBy(() -> os.createExclusive(dir, "link", 0600)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(outside).doesNotExist();
  }

  @Test
  void openWithoutFollowingRefusesASymlink() throws IOException {
    Files.writeString(tmp.resolve("target"), "t");
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("target"));
    assertThatThrownBy(() -> os.open(dir, "link", Os.Access.READ, false)).isInstanceOf(FileSystemException.class);
    try (FileHandle fh = os.open(dir, "link", Os.Access.READ, true)) {
      byte[] b = new byte[10];
      assertThat(fh.pread(b, 0, 10, 0)).isEqualTo(1);
      assertThat(fh.pread(b, 0, 10, 1)).isEqualTo(-1);
    }
  }

  @Test
  void renameReplacesAndNoReplaceRefuses() throws IOException {
    Files.writeString(tmp.resolve("a"), "A");
    Files.writeString(tmp.resolve("b"), "B");
    long inodeA = Modes.inode(tmp.resolve("a"));
    assertThatThrownBy(() -> os.rename(dir, "a", dir, "b", true)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(tmp.resolve("b"))).isEqualTo("B");
    assertThat(Files.readString(tmp.resolve("a"))).isEqualTo("A");
    os.rename(dir, "a", dir, "b", false);
    assertThat(Files.readString(tmp.resolve("b"))).isEqualTo("A");
    assertThat(Modes.inode(tmp.resolve("b"))).isEqualTo(inodeA);
    assertThat(tmp.resolve("a")).doesNotExist();
    os.rename(dir, "b", dir, "c", true);
    assertThat(Files.readString(tmp.resolve("c"))).isEqualTo("A");
  }

  @Test
  void linkUnlinkMkdirRmdir() throws IOException {
    Files.writeString(tmp.resolve("a"), "A");
    os.link(dir, "a", dir, "hard");
    assertThat(Modes.inode(tmp.resolve("hard"))).isEqualTo(Modes.inode(tmp.resolve("a")));
    assertThat(os.stat(dir, "a", false).links()).isEqualTo(2);
    os.unlink(dir, "hard");
    assertThat(tmp.resolve("hard")).doesNotExist();
    os.mkdir(dir, "sub", 0755);
    assertThat(tmp.resolve("sub")).isDirectory();
    assertThatThrownBy(() -> os.unlink(dir, "sub")).isInstanceOf(FileSystemException.class);
    os.rmdir(dir, "sub");
    assertThat(tmp.resolve("sub")).doesNotExist();
    assertThatThrownBy(() -> os.unlink(dir, "missing")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void statReportsTypeModeSizeAndInode() throws IOException {
    Path f = tmp.resolve("f");
    Files.write(f, new byte[1234]);
    Modes.chmod(f, 0640);
    Files.createSymbolicLink(tmp.resolve("l"), f);
    FileStat st = os.stat(dir, "f", false);
    assertThat(st.type()).isEqualTo(FileType.FILE);
    assertThat(st.mode()).isEqualTo(0640);
    assertThat(st.size()).isEqualTo(1234);
    assertThat(st.inode()).isEqualTo(Modes.inode(f));
    assertThat(st.uid()).isEqualTo(Modes.uid(f));
    assertThat(os.stat(dir, "l", false).type()).isEqualTo(FileType.SYMLINK);
    assertThat(os.stat(dir, "l", true).inode()).isEqualTo(st.inode());
    assertThat(os.stat(dir).type()).isEqualTo(FileType.DIRECTORY);
    assertThat(os.readLink(dir, "l")).isEqualTo(f.toString());
    assertThatThrownBy(() -> os.stat(dir, "nope", false)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void listGivesEveryNameWithItsType() throws IOException {
    Files.writeString(tmp.resolve("file"), "x");
    Files.createDirectory(tmp.resolve("dir"));
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("file"));
    for (int i = 0; i < 3000; i++) { // more than one getdents64 buffer
      Files.createFile(tmp.resolve("n" + i));
    }
    Map<String, FileType> seen = new HashMap<>();
    os.list(dir, e -> seen.put(e.name(), e.type()));
    assertThat(seen).hasSize(3003);
    assertThat(seen).containsEntry("file", FileType.FILE).containsEntry("dir", FileType.DIRECTORY)
        .containsEntry("link", FileType.SYMLINK).doesNotContainKeys(".", "..");
  }

  @Test
  void fileHandleOperations() throws IOException {
    try (FileHandle fh = os.createExclusive(dir, "f", 0600)) {
      byte[] data = "0123456789".getBytes(StandardCharsets.UTF_8);
      fh.write(data, 2, 5);
      fh.fsync();
      fh.chmod(0644);
      assertThat(fh.stat().mode()).isEqualTo(0644);
      assertThat(fh.stat().size()).isEqualTo(5);
      fh.truncate(3);
      byte[] back = new byte[8];
      assertThat(fh.pread(back, 0, 8, 0)).isEqualTo(3);
      assertThat(new String(back, 0, 3, StandardCharsets.UTF_8)).isEqualTo("234");
      fh.chown(Modes.uid(tmp.resolve("f")), Modes.gid(tmp.resolve("f")));
    }
  }

  @Test
  void anExclusiveLockExcludesAnotherOpenFile() throws IOException {
    Files.writeString(tmp.resolve("f"), "x");
    try (FileHandle a = os.open(dir, "f", Os.Access.READ_WRITE, false);
        FileHandle b = os.open(dir, "f", Os.Access.READ_WRITE, false)) {
      assertThat(a.lock(LockMode.EXCLUSIVE, false)).isTrue();
      assertThat(b.lock(LockMode.EXCLUSIVE, false)).isFalse();
      a.unlock();
      assertThat(b.lock(LockMode.EXCLUSIVE, false)).isTrue();
      b.unlock();
    }
  }

  @Test
  void openDirAtRefusesASymlinkUnlessFollowing() throws IOException {
    Files.createDirectory(tmp.resolve("real"));
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
    assertThatThrownBy(() -> os.openDirAt(dir, "link", false)).isInstanceOf(FileSystemException.class);
    try (Dir d = os.openDirAt(dir, "link", true)) {
      assertThat(os.stat(d).inode()).isEqualTo(Modes.inode(tmp.resolve("real")));
    }
  }

  @Test
  void openDirBeneathStaysInsideTheRoot() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectories(root.resolve("a/b"));
    Path outside = Files.createDirectory(tmp.resolve("root-evil"));
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("in"), root.resolve("a"));
    Files.createSymbolicLink(root.resolve("rel-in"), Path.of("a/b"));
    try (Dir r = os.openDir(root)) {
      try (Dir d = os.openDirBeneath(r, "a/b")) {
        assertThat(os.stat(d).inode()).isEqualTo(Modes.inode(root.resolve("a/b")));
      }
      try (Dir d = os.openDirBeneath(r, "rel-in")) {
        assertThat(os.stat(d).inode()).isEqualTo(Modes.inode(root.resolve("a/b")));
      }
      List<String> escapes = new ArrayList<>(List.of("..", "../root-evil", "a/../../root-evil", "out", outside.toString()));
      for (String e : escapes) {
        assertThatThrownBy(() -> os.openDirBeneath(r, e)).as(e).isInstanceOf(FileSystemException.class);
      }
    }
  }

  @Test
  void fsyncOfADirectoryAndUmask() throws IOException {
    os.fsync(dir);
    assertThat(os.umask()).isBetween(0, 0777);
  }

  @Test
  void preadIntoASegmentReadsAtThePositionAndReportsTheEnd() throws IOException {
    byte[] data = new byte[300_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    Files.write(tmp.resolve("f"), data);
    try (FileHandle fh = os.open(dir, "f", Os.Access.READ, false);
        java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      assertThat(fh.path()).isEqualTo(tmp.resolve("f")); // (made lazily by the Linux layer)
      java.lang.foreign.MemorySegment seg = arena.allocate(1000);
      assertThat(fh.pread(seg.asSlice(10, 500), 123_456)).isEqualTo(500);
      assertThat(seg.asSlice(10, 500).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
          .isEqualTo(java.util.Arrays.copyOfRange(data, 123_456, 123_956));
      assertThat(seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 9)).isZero(); // nothing written around the slice
      assertThat(seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 510)).isZero();
      assertThat(fh.pread(seg, data.length - 3)).isEqualTo(3);
      assertThat(fh.pread(seg, data.length)).isEqualTo(-1);
      byte[] heap = new byte[4];
      assertThat(fh.pread(java.lang.foreign.MemorySegment.ofArray(heap), 1)).isEqualTo(4);
      assertThat(heap).isEqualTo(java.util.Arrays.copyOfRange(data, 1, 5));
    }
  }

  @Test
  void aNulByteInANameIsRefused() {
    assertThatThrownBy(() -> os.createExclusive(dir, "a\0b", 0600)).isInstanceOfAny(FileSystemException.class,
        IllegalArgumentException.class);
  }
}
