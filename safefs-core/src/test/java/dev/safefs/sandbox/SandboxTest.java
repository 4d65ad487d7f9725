package dev.safefs.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import dev.safefs.os.FileHandle;
import dev.safefs.os.Os;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox attack suite at the library level; the MCP face repeats the main attacks through real tool calls. */
class SandboxTest {

  @TempDir Path tmp;
  Path root;
  Path outside;
  Path canary;
  Os os = Os.get();

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("data"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    canary = Files.writeString(outside.resolve("canary.txt"), "do not touch");
    Files.writeString(root.resolve("in.txt"), "inside");
  }

  Sandbox sandbox() throws IOException {
    return Sandbox.open(os, List.of(root), SandboxOptions.defaults());
  }

  String read(Sandbox sb, String path) throws IOException {
    try (Resolved r = sb.resolve("read", path, Sandbox.Access.READ);
        FileHandle fh = os.open(r.dir(), r.name(), Os.Access.READ, false)) {
      byte[] buf = new byte[4096];
      int n = fh.pread(buf, 0, buf.length, 0);
      return new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
    }
  }

  void write(Sandbox sb, String path, String content) throws IOException {
    try (Resolved r = sb.resolve("write", path, Sandbox.Access.WRITE);
        AtomicWriter w = AtomicWriter.open(os, r.dir(), r.name(), WriteOptions.defaults())) {
      w.write(content.getBytes(StandardCharsets.UTF_8));
      w.commit();
    }
  }

  @Test
  void readsAndWritesInsideByAbsoluteAndRelativePath() throws IOException {
    try (Sandbox sb = sandbox()) {
      assertThat(read(sb, root.resolve("in.txt").toString())).isEqualTo("inside");
      assertThat(read(sb, "in.txt")).isEqualTo("inside");
      write(sb, "sub-less.txt", "new");
      assertThat(Files.readString(root.resolve("sub-less.txt"))).isEqualTo("new");
    }
  }

  @Test
  void relativePathsResolveAgainstTheFirstRoot() throws IOException {
    Path second = Files.createDirectories(tmp.resolve("second"));
    Files.writeString(second.resolve("in.txt"), "second");
    try (Sandbox sb = Sandbox.open(os, List.of(root, second), SandboxOptions.defaults())) {
      assertThat(read(sb, "in.txt")).isEqualTo("inside");
      assertThat(read(sb, second.resolve("in.txt").toString())).isEqualTo("second");
    }
  }

  @Test
  void traversalIsRefused() throws IOException {
    try (Sandbox sb = sandbox()) {
      assertThatThrownBy(() -> read(sb, "../outside/canary.txt")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> read(sb, root + "/../outside/canary.txt")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> write(sb, "a/../../outside/canary.txt", "x")).isInstanceOf(DeniedException.class);
    }
    assertOutsideUntouched();
  }

  @Test
  void siblingPrefixIsNotInside() throws IOException {
    Path evil = Files.createDirectories(tmp.resolve("data-evil"));
    Files.writeString(evil.resolve("secret.txt"), "evil");
    try (Sandbox sb = sandbox()) {
      assertThatThrownBy(() -> read(sb, evil.resolve("secret.txt").toString()))
          .isInstanceOf(DeniedException.class).hasMessageContaining("outside allowed directories");
      assertThatThrownBy(() -> write(sb, evil.resolve("new.txt").toString(), "x"))
          .isInstanceOf(DeniedException.class);
    }
    assertThat(evil.resolve("new.txt")).doesNotExist();
  }

  @Test
  void absolutePathsElsewhereAreRefused() throws IOException {
    try (Sandbox sb = sandbox()) {
      assertThatThrownBy(() -> read(sb, canary.toString())).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> read(sb, "/etc/passwd")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> write(sb, canary.toString(), "x")).isInstanceOf(DeniedException.class);
    }
    assertOutsideUntouched();
  }

  @Test
  void symlinkToAFileOutsideIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("link.txt"), canary);
    Files.createSymbolicLink(root.resolve("rel.txt"), Path.of("../outside/canary.txt"));
    try (Sandbox sb = sandbox()) {
      for (String p : List.of("link.txt", "rel.txt")) {
        assertThatThrownBy(() -> read(sb, p)).isInstanceOf(DeniedException.class)
            .hasMessageContaining("symlink target outside");
        assertThatThrownBy(() -> write(sb, p, "x")).isInstanceOf(DeniedException.class);
      }
    }
    assertOutsideUntouched();
  }

  @Test
  void symlinkToADirectoryOutsideIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("out"), outside);
    try (Sandbox sb = sandbox()) {
      assertThatThrownBy(() -> read(sb, "out/canary.txt")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> write(sb, "out/new.txt", "x")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> write(sb, "out/canary.txt", "x")).isInstanceOf(DeniedException.class);
    }
    assertOutsideUntouched();
  }

  @Test
  void danglingSymlinkOutsideIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("dangling.txt"), outside.resolve("created-through-link.txt"));
    try (Sandbox sb = sandbox()) {
      assertThatThrownBy(() -> write(sb, "dangling.txt", "x")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> read(sb, "dangling.txt")).isInstanceOf(DeniedException.class);
    }
    assertOutsideUntouched();
  }

  @Test
  void symlinksThatStayInsideAreFollowed() throws IOException {
    Files.createDirectories(root.resolve("real"));
    Files.writeString(root.resolve("real/f.txt"), "real");
    Files.createSymbolicLink(root.resolve("alias"), Path.of("real"));
    Files.createSymbolicLink(root.resolve("abs-alias"), root.resolve("real"));
    Files.createSymbolicLink(root.resolve("f-link.txt"), Path.of("real/f.txt"));
    try (Sandbox sb = sandbox()) {
      assertThat(read(sb, "alias/f.txt")).isEqualTo("real");
      assertThat(read(sb, "abs-alias/f.txt")).isEqualTo("real");
      assertThat(read(sb, "f-link.txt")).isEqualTo("real");
      write(sb, "f-link.txt", "through the link");
      try (Resolved r = sb.resolve("stat", "f-link.txt", Sandbox.Access.REMOVE)) {
        assertThat(r.stat().isSymlink()).as("delete and move act on the link itself").isTrue();
      }
    }
    assertThat(Files.isSymbolicLink(root.resolve("f-link.txt"))).isTrue();
    assertThat(Files.readString(root.resolve("real/f.txt"))).isEqualTo("through the link");
  }

  @Test
  void hardLinksAreInsideButWritesNeverReachTheOtherName() throws IOException {
    Path inside = root.resolve("hard.txt");
    Files.createLink(inside, canary);
    try (Sandbox sb = sandbox()) {
      assertThat(read(sb, "hard.txt")).isEqualTo("do not touch"); // the kernel's view: a name inside is inside
      write(sb, "hard.txt", "replaced");
    }
    assertThat(Files.readString(inside)).isEqualTo("replaced");
    assertOutsideUntouched(); // the write replaced the name with a new inode; the outside name kept its content
    Files.delete(inside);
    Files.createLink(inside, canary);
    try (Sandbox strict = Sandbox.open(os, List.of(root), SandboxOptions.defaults().withRefuseHardLinkedReads(true))) {
      assertThatThrownBy(() -> read(strict, "hard.txt")).isInstanceOf(DeniedException.class)
          .hasMessageContaining("hard links");
    }
  }

  @Test
  void nulBytesAndMalformedPathsAreRefused() throws IOException {
    try (Sandbox sb = sandbox()) {
      assertThatThrownBy(() -> read(sb, "in.txt\0../../outside/canary.txt"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("NUL");
      assertThatThrownBy(() -> read(sb, null)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> read(sb, "x".repeat(5000))).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> read(sb, "C:\\Windows\\win.ini")).isInstanceOf(DeniedException.class);
      assertThatThrownBy(() -> read(sb, "missing/dir/file.txt")).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void denyListedPathsAreRefusedEvenInsideARoot() throws IOException {
    Files.createDirectories(root.resolve(".ssh"));
    Files.writeString(root.resolve(".ssh/id_rsa"), "KEY");
    Files.writeString(root.resolve(".env"), "TOKEN=1");
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("app/.env.local"), "TOKEN=2");
    Files.writeString(root.resolve("app/.env.example"), "TOKEN=");
    Files.createSymbolicLink(root.resolve("notes.txt"), Path.of(".ssh/id_rsa"));
    Files.createSymbolicLink(root.resolve("keys"), Path.of(".ssh"));
    try (Sandbox sb = sandbox()) {
      for (String p : List.of(".SSH/id_rsa", ".git-credentials", ".netrc", "sub/.aws/credentials", "k/id_ed25519")) {
        assertThatThrownBy(() -> write(sb, p, "x")).as(p).isInstanceOf(DeniedException.class);
      }
      for (String p : List.of(".ssh/id_rsa", ".env", "app/.env.local", "notes.txt", "keys/id_rsa")) {
        assertThatThrownBy(() -> read(sb, p)).as(p).isInstanceOf(DeniedException.class)
            .hasMessageContaining("credential path");
        assertThatThrownBy(() -> write(sb, p, "x")).as(p).isInstanceOf(DeniedException.class);
      }
      assertThat(read(sb, "app/.env.example")).isEqualTo("TOKEN=");
    }
    assertThat(Files.readString(root.resolve(".ssh/id_rsa"))).isEqualTo("KEY");
    try (Sandbox open = Sandbox.open(os, List.of(root), SandboxOptions.defaults().withDeny(DenyList.none()))) {
      assertThat(read(open, ".env")).isEqualTo("TOKEN=1");
    }
  }

  @Test
  void readOnlyRefusesEveryMutatingAccess() throws IOException {
    try (Sandbox sb = Sandbox.open(os, List.of(root), SandboxOptions.defaults().withReadOnly(true))) {
      assertThat(read(sb, "in.txt")).isEqualTo("inside");
      for (Sandbox.Access a : Sandbox.Access.values()) {
        if (a.mutating()) {
          assertThatThrownBy(() -> sb.resolve("op", "in.txt", a)).isInstanceOf(DeniedException.class)
              .hasMessageContaining("read-only");
        }
      }
    }
  }

  @Test
  void rootsCanBeReplaced() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("o.txt"), "other");
    try (Sandbox sb = sandbox()) {
      sb.replaceRoots(List.of(other));
      assertThat(read(sb, "o.txt")).isEqualTo("other");
      assertThatThrownBy(() -> read(sb, root.resolve("in.txt").toString())).isInstanceOf(DeniedException.class);
    }
  }

  /**
   * A directory swapped for a symlink to an outside directory, thousands of times, while reads and writes go
   * through the sandbox: nothing outside is ever read or written. Native only: the portable layer opens by path
   * after its check and documents that it cannot close this race.
   */
  @Test
  void directorySwappedForSymlinkNeverLeaksOutside() throws Exception {
    assumeTrue(os.name().equals("linux"), "the portable OS layer documents that it cannot close this race");
    Files.writeString(outside.resolve("f.txt"), "OUTSIDE");
    Path sub = root.resolve("sub");
    Path parked = root.resolve("sub-real");
    Files.createDirectories(sub);
    Files.writeString(sub.resolve("f.txt"), "INSIDE");
    AtomicBoolean stop = new AtomicBoolean();
    Thread swapper = new Thread(() -> {
      Path link = root.resolve("sub-link");
      try {
        Files.createSymbolicLink(link, outside);
        for (int i = 0; i < 5000 && !stop.get(); i++) {
          Files.move(sub, parked);                                          // sub: gone
          Files.move(link, sub, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // sub -> outside
          Files.move(sub, link);                                            // back
          Files.move(parked, sub);
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      } finally {
        stop.set(true);
      }
    });
    swapper.start();
    int reads = 0;
    try (Sandbox sb = sandbox()) {
      while (!stop.get()) {
        try {
          String s = read(sb, "sub/f.txt");
          assertThat(s).isEqualTo("INSIDE");
          reads++;
        } catch (DeniedException | NotFoundException e) {
          // refused or gone mid-swap: both fine
        }
        try {
          write(sb, "sub/w.txt", "written");
        } catch (DeniedException | NotFoundException e) {
          // fine
        } catch (dev.safefs.SafeFsException e) {
          // a rename racing the swap may fail; it must never land outside (checked below)
        }
      }
    }
    swapper.join();
    assertThat(Files.readString(outside.resolve("f.txt"))).isEqualTo("OUTSIDE");
    assertThat(outside.resolve("w.txt")).doesNotExist();
    assertOutsideUntouched();
    assertThat(reads).isPositive();
  }

  void assertOutsideUntouched() throws IOException {
    assertThat(Files.readString(canary)).isEqualTo("do not touch");
    try (Stream<Path> s = Files.list(outside)) {
      Set<String> names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
      assertThat(names).allMatch(n -> n.equals("canary.txt") || n.equals("f.txt"));
    }
  }
}
