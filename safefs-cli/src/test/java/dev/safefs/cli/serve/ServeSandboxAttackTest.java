package dev.safefs.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox attack suite through real tool calls to {@code safefs serve}: nothing outside the root is ever read,
 * written or deleted (asserted on the outside files' bytes and a canary), whatever the path or the race.
 */
class ServeSandboxAttackTest {

  @TempDir Path tmp;
  Path root;
  Path outside;
  Path canary;
  static final String SECRET = "OUTSIDE-SECRET-0xC0FFEE";

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("data"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    canary = Files.writeString(outside.resolve("canary.txt"), SECRET);
    Files.writeString(root.resolve("in.txt"), "inside\n");
  }

  RawMcp start(String... extra) throws Exception {
    String[] args = Stream.concat(Stream.of(extra), Stream.of(root.toString())).toArray(String[]::new);
    RawMcp mcp = RawMcp.start(tmp.resolve("state"), tmp.resolve("stderr.txt"), args);
    mcp.initialize();
    return mcp;
  }

  static void refused(RawMcp mcp, String tool, Map<String, Object> args) throws Exception {
    Map<String, Object> r = mcp.call(tool, args);
    assertThat(RawMcp.isError(r)).as("%s %s must be refused: %s", tool, args, RawMcp.text(r)).isTrue();
    assertThat(RawMcp.text(r)).doesNotContain(SECRET);
  }

  @Test
  void pathsThatLeaveTheRootAreRefusedByEveryTool() throws Exception {
    Path evil = Files.createDirectories(tmp.resolve("data-evil"));
    Files.writeString(evil.resolve("x.txt"), SECRET);
    Files.createSymbolicLink(root.resolve("file-out.txt"), canary);
    Files.createSymbolicLink(root.resolve("dir-out"), outside);
    Files.createSymbolicLink(root.resolve("dangling-out.txt"), outside.resolve("created.txt"));
    try (RawMcp mcp = start()) {
      for (String p : List.of("../outside/canary.txt", root + "/../outside/canary.txt", canary.toString(),
          evil.resolve("x.txt").toString(), "file-out.txt", "dir-out/canary.txt", "in.txt\u0000/../../x")) {
        refused(mcp, "read_text_file", Map.of("path", p));
        refused(mcp, "read_media_file", Map.of("path", p));
        refused(mcp, "get_file_info", Map.of("path", p));
        refused(mcp, "write_file", Map.of("path", p, "content", "pwned"));
        refused(mcp, "edit_file", Map.of("path", p, "edits", List.of(Map.of("oldText", "OUTSIDE", "newText", "x"))));
        refused(mcp, "delete_file", Map.of("path", p));
      }
      refused(mcp, "write_file", Map.of("path", "dangling-out.txt", "content", "pwned"));
      refused(mcp, "write_file", Map.of("path", "dir-out/new.txt", "content", "pwned"));
      refused(mcp, "list_directory", Map.of("path", "dir-out"));
      refused(mcp, "list_directory", Map.of("path", evil.toString()));
      refused(mcp, "create_directory", Map.of("path", "dir-out/sub"));
      refused(mcp, "move_file", Map.of("source", "in.txt", "destination", "dir-out/in.txt"));
      refused(mcp, "move_file", Map.of("source", "dir-out/canary.txt", "destination", "stolen.txt"));
      refused(mcp, "search_files", Map.of("path", "dir-out", "pattern", "**"));
      refused(mcp, "grep", Map.of("pattern", "OUTSIDE", "path", "dir-out"));
      Map<String, Object> r = mcp.call("read_multiple_files", Map.of("paths", List.of(canary.toString(),
          "file-out.txt")));
      assertThat(RawMcp.text(r)).doesNotContain(SECRET);
      // walking tools list the links but never follow them
      r = mcp.call("directory_tree", Map.of("path", root.toString()));
      assertThat(RawMcp.text(r)).doesNotContain("canary.txt");
      r = mcp.call("grep", Map.of("pattern", "OUTSIDE", "hidden", true, "noIgnore", true));
      assertThat(RawMcp.text(r)).doesNotContain(SECRET).contains("No matches found");
      r = mcp.call("search_files", Map.of("path", root.toString(), "pattern", "**/canary.txt"));
      assertThat(RawMcp.text(r)).isEqualTo("No matches found");
    }
    assertOutsideUntouched();
    assertThat(outside.resolve("created.txt")).doesNotExist();
  }

  @Test
  void hardLinksNeverCarryAWriteOutside() throws Exception {
    Files.createLink(root.resolve("hard.txt"), canary);
    try (RawMcp mcp = start()) {
      Map<String, Object> r = mcp.call("write_file", Map.of("path", "hard.txt", "content", "replaced"));
      assertThat(RawMcp.isError(r)).isFalse();
      r = mcp.call("edit_file", Map.of("path", "hard.txt", "edits", List.of(Map.of("oldText", "replaced",
          "newText", "edited"))));
      assertThat(RawMcp.isError(r)).isFalse();
    }
    assertThat(Files.readString(root.resolve("hard.txt"))).isEqualTo("edited");
    assertOutsideUntouched();
    Files.delete(root.resolve("hard.txt"));
    Files.createLink(root.resolve("hard.txt"), canary);
    try (RawMcp mcp = start("--refuse-hard-links")) {
      refused(mcp, "read_text_file", Map.of("path", "hard.txt"));
    }
  }

  @Test
  void credentialPathsAreRefusedEvenInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve(".ssh"));
    Files.writeString(root.resolve(".ssh/id_ed25519"), SECRET);
    Files.writeString(root.resolve(".env"), "TOKEN=" + SECRET);
    Files.writeString(root.resolve("server.pem"), SECRET);
    Files.createSymbolicLink(root.resolve("innocent.txt"), Path.of(".ssh/id_ed25519"));
    try (RawMcp mcp = start()) {
      for (String p : List.of(".ssh/id_ed25519", ".env", "server.pem", "innocent.txt", ".git-credentials")) {
        refused(mcp, "read_text_file", Map.of("path", p));
        refused(mcp, "write_file", Map.of("path", p, "content", "x"));
      }
      refused(mcp, "move_file", Map.of("source", ".env", "destination", "env.txt"));
      refused(mcp, "move_file", Map.of("source", "in.txt", "destination", ".ssh/authorized_keys"));
      Map<String, Object> r = mcp.call("grep", Map.of("pattern", "C0FFEE", "hidden", true, "noIgnore", true));
      assertThat(RawMcp.text(r)).doesNotContain(SECRET);
      r = mcp.call("search_files", Map.of("path", root.toString(), "pattern", "**/id_*"));
      assertThat(RawMcp.text(r)).isEqualTo("No matches found");
    }
    assertThat(Files.readString(root.resolve(".ssh/id_ed25519"))).isEqualTo(SECRET);
  }

  @Test
  void readOnlyRefusesEveryChange() throws Exception {
    try (RawMcp mcp = start("--read-only")) {
      refused(mcp, "write_file", Map.of("path", "in.txt", "content", "x"));
      refused(mcp, "edit_file", Map.of("path", "in.txt", "edits", List.of(Map.of("oldText", "inside",
          "newText", "x"))));
      refused(mcp, "create_directory", Map.of("path", "d"));
      refused(mcp, "move_file", Map.of("source", "in.txt", "destination", "moved.txt"));
      refused(mcp, "delete_file", Map.of("path", "in.txt"));
      refused(mcp, "apply_patch", Map.of("patch", "*** Begin Patch\n*** Add File: n.txt\n+x\n*** End Patch\n"));
      refused(mcp, "undo", Map.of());
      assertThat(RawMcp.text(mcp.call("read_text_file", Map.of("path", "in.txt")))).isEqualTo("inside\n");
    }
    try (Stream<Path> s = Files.list(root)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("in.txt");
    }
  }

  /**
   * A directory inside the root swapped for a symlink to an outside directory, thousands of times, while tools
   * write, edit, read, list and delete through it. Native OS layer only: the portable layer documents that it
   * cannot close this race.
   */
  @Test
  void directorySwappedForASymlinkNeverLetsAToolOutside() throws Exception {
    assumeTrue(!"portable".equals(System.getProperty("safefs.os")), "the portable layer cannot close this race");
    Files.writeString(outside.resolve("f.txt"), SECRET);
    Files.writeString(outside.resolve("d.txt"), SECRET);
    Path sub = root.resolve("sub");
    Files.createDirectories(sub);
    Files.writeString(sub.resolve("f.txt"), "inside one\n");
    Path parked = root.resolve("sub-parked");
    Path link = root.resolve("sub-link");
    Files.createSymbolicLink(link, outside);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger();
    Thread swapper = Thread.ofPlatform().start(() -> {
      try {
        while (!stop.get()) {
          Files.move(sub, parked, StandardCopyOption.ATOMIC_MOVE);
          Files.move(link, sub, StandardCopyOption.ATOMIC_MOVE);   // sub -> outside
          Thread.onSpinWait();
          Files.move(sub, link, StandardCopyOption.ATOMIC_MOVE);
          Files.move(parked, sub, StandardCopyOption.ATOMIC_MOVE); // sub is the real directory again
          swaps.incrementAndGet();
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    int calls = 0;
    int succeeded = 0;
    try (RawMcp mcp = start()) {
      long end = System.nanoTime() + 8_000_000_000L;
      while ((calls < 400 || swaps.get() < 2000) && System.nanoTime() < end) {
        Map<String, Object> r = switch (calls % 6) {
          case 0 -> mcp.call("write_file", Map.of("path", "sub/w.txt", "content", "written " + calls));
          case 1 -> mcp.call("read_text_file", Map.of("path", "sub/f.txt"));
          case 2 -> mcp.call("edit_file", Map.of("path", "sub/f.txt", "edits",
              List.of(Map.of("oldText", "one", "newText", "two"))));
          case 3 -> mcp.call("list_directory", Map.of("path", "sub"));
          case 4 -> mcp.call("delete_file", Map.of("path", "sub/d.txt"));
          default -> mcp.call("read_text_file", Map.of("path", "sub/f.txt", "offset", 1, "limit", 5));
        };
        calls++;
        assertThat(RawMcp.text(r)).doesNotContain(SECRET).doesNotContain("canary");
        if (!RawMcp.isError(r)) {
          succeeded++;
        }
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
    assertThat(swaps.get()).as("swaps").isGreaterThanOrEqualTo(1000);
    assertThat(succeeded).as("some calls landed between swaps").isPositive();
    assertThat(Files.readString(outside.resolve("f.txt"))).isEqualTo(SECRET);
    assertThat(Files.readString(outside.resolve("d.txt"))).isEqualTo(SECRET);
    assertOutsideUntouched();
  }

  void assertOutsideUntouched() throws IOException {
    assertThat(Files.readString(canary)).isEqualTo(SECRET);
    Set<String> names;
    try (Stream<Path> s = Files.list(outside)) {
      names = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(names).isSubsetOf(Set.of("canary.txt", "f.txt", "d.txt"));
    for (String n : names) {
      assertThat(Files.readString(outside.resolve(n))).isEqualTo(SECRET);
    }
  }
}
