package dev.safefs.find;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walker against GNU find (same filters, same tree from mktree.py with symlink loops, hidden entries and an
 * unreadable directory) and against ripgrep's --files for .gitignore/.ignore semantics.
 */
class WalkerTest {
  @TempDir
  static Path base;
  static Path root;

  @BeforeAll
  static void tree() throws Exception {
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    root = base.resolve("t");
    PeerTools.mktree(root, 5000, 20); // d0000..d0012, each with s000..s019, 20 files per leaf
    Files.createDirectories(root.resolve(".hid"));
    Files.writeString(root.resolve(".hid/inside.csv"), "x");
    Files.writeString(root.resolve("d0000/.hidden.csv"), "x");
    Files.createSymbolicLink(root.resolve("loop"), Path.of("."));
    Files.createSymbolicLink(root.resolve("d0000/up"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("dangling.csv"), Path.of("nowhere"));
    Files.createSymbolicLink(root.resolve("linkdir"), Path.of("d0001"));
    Files.createSymbolicLink(root.resolve("link.csv"), Path.of("d0000/s000/file0000011.csv"));
    Path locked = root.resolve("locked");
    Files.createDirectories(locked.resolve("sub"));
    Files.writeString(locked.resolve("a.csv"), "x");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    // ignore rules: comments, globs, negation, anchored, directory-only, ** at the start and in the middle
    Files.writeString(root.resolve(".gitignore"), """
        # logs are noise, except one
        *.log
        !d0000/s000/file0000000.log
        /d0001/
        build/
        **/s003/file00*.txt
        d0002/**/file00008*.csv
        """);
    Files.writeString(root.resolve("d0000/.gitignore"), """
        s001
        !s001/file0000020.txt
        *.csv
        !file0000011.csv
        """);
    Files.writeString(root.resolve("d0000/s002/.ignore"), "file000004[0-4]*\n");
    Files.createDirectories(root.resolve("build"));
    Files.writeString(root.resolve("build/x.csv"), "x");
    Files.createDirectories(root.resolve("d0003/s000/build"));
    Files.writeString(root.resolve("d0003/s000/build/y.txt"), "x");
    Files.writeString(root.resolve("d0004/build"), "a file named build is kept: the rule is for directories");
  }

  record Walked(TreeSet<String> paths, List<String> errors) {}

  static Walked walk(WalkOptions o) throws IOException {
    TreeSet<String> paths = new TreeSet<>();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    Walker.walk(root, o, new WalkVisitor() {
      @Override
      public void entry(WalkEntry e, Dir parent) {
        synchronized (paths) {
          assertThat(paths.add(root + "/" + e.relative())).as("reported once: %s", e.relative()).isTrue();
        }
      }

      @Override
      public void error(SafeFsException error) {
        errors.add(error.getMessage());
      }
    });
    return new Walked(paths, errors);
  }

  /** Equal sets, with only the differences shown when not. */
  static void assertSameSet(Set<String> actual, Set<String> expected) {
    TreeSet<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    TreeSet<String> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    assertThat(missing).as("expected but not found").isEmpty();
    assertThat(extra).as("found but not expected").isEmpty();
  }

  static WalkOptions everything() {
    return WalkOptions.defaults().withHidden(true).withIgnoreFiles(false);
  }

  static TreeSet<String> find(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("find"));
    cmd.addAll(List.of(args));
    PeerTools.Run r = PeerTools.run(cmd);
    return r.lines();
  }

  @Test
  void nameGlobEqualsFind() throws Exception {
    TreeSet<String> expected = find(root.toString(), "-mindepth", "1", "-name", "*.csv");
    assertThat(expected).hasSizeGreaterThan(300);
    Walked dbg = walk(everything().withGlobs(List.of("*.csv")));
    assertSameSet(dbg.paths(), expected);
    assertSameSet(walk(everything().withGlobs(List.of("*.csv")).withThreads(1)).paths(), expected);
    assertSameSet(walk(everything().withGlobs(List.of("*.csv")).withSorted(true)).paths(), expected);
  }

  @Test
  void typeFiltersEqualFind() throws Exception {
    assertSameSet(walk(everything().withTypes(Set.of(FileType.DIRECTORY))).paths(),
        find(root.toString(), "-mindepth", "1", "-type", "d"));
    TreeSet<String> links = find(root.toString(), "-mindepth", "1", "-type", "l");
    assertThat(links).hasSize(5);
    assertSameSet(walk(everything().withTypes(Set.of(FileType.SYMLINK))).paths(), links);
    assertSameSet(walk(everything().withTypes(Set.of(FileType.FILE))).paths(),
        find(root.toString(), "-mindepth", "1", "-type", "f"));
  }

  @Test
  void maxDepthAndPathGlobsEqualFind() throws Exception {
    assertSameSet(walk(everything().withMaxDepth(2)).paths(),
        find(root.toString(), "-mindepth", "1", "-maxdepth", "2"));
    assertSameSet(walk(everything().withGlobs(List.of("d0003/**/file*[05].txt"))).paths(),
        find(root.toString(), "-path", root + "/d0003/*/file*[05].txt"));
    assertSameSet(walk(everything().withGlobs(List.of("file00011*.{csv,log}", "*.hidden*"))).paths(),
        find(root.toString(), "(", "-name", "file00011*.csv", "-o", "-name", "file00011*.log", "-o",
            "-name", "*.hidden*", ")"));
  }

  @Test
  void excludesPruneLikeFindPrune() throws Exception {
    assertSameSet(walk(everything().withExcludes(List.of("s00[0-5]", "*.log"))).paths(),
        find(root.toString(), "-mindepth", "1", "(", "-name", "s00[0-5]", "-o", "-name", "*.log", ")",
            "-prune", "-o", "-print"));
  }

  @Test
  void followingLinksDetectsLoopsLikeFindL() throws Exception {
    PeerTools.Run findL = PeerTools.run(List.of("find", "-L", root.toString(), "-mindepth", "1", "-name", "*.csv"));
    assertThat(findL.exit()).isEqualTo(1);
    assertThat(findL.err()).contains("File system loop detected");
    Walked w = walk(everything().withFollowLinks(true).withGlobs(List.of("*.csv")));
    assertSameSet(w.paths(), findL.lines());
    assertThat(w.paths()).contains(root + "/linkdir/s000/file0000407.csv", root + "/link.csv");
    assertThat(w.errors()).anyMatch(e -> e.contains("/loop") && e.contains("File system loop detected"))
        .anyMatch(e -> e.contains("/d0000/up") && e.contains("File system loop detected"));
  }

  @Test
  void unreadableDirectoryIsReportedAndSkippedLikeFind() throws Exception {
    // The tests run as root, whom mode 000 does not stop: both walks run as nobody (uid 65534).
    Path cp = base.resolve("cp");
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(e);
      if (Files.isDirectory(src) || src.getFileName().toString().startsWith("re2j")) {
        Path dst = cp.resolve(entries.size() + "-" + src.getFileName());
        copy(src, dst);
        entries.add(dst.toString());
      }
    }
    try (Stream<Path> s = Files.walk(cp)) {
      for (Path p : s.toList()) {
        String mode = Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--";
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
      }
    }
    List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    List<String> findCmd = new ArrayList<>(asNobody);
    findCmd.addAll(List.of("find", root.toString(), "-mindepth", "1"));
    PeerTools.Run expected = PeerTools.run(findCmd);
    assertThat(expected.exit()).isEqualTo(1);
    assertThat(expected.err()).contains(root + "/locked").contains("Permission denied");
    List<String> ours = new ArrayList<>(asNobody);
    ours.addAll(PeerTools.javaChild(WalkMain.class.getName(), String.join(File.pathSeparator, entries),
        root.toString()));
    PeerTools.Run actual = PeerTools.run(ours);
    assertThat(actual.exit()).as(actual.err()).isEqualTo(1);
    assertThat(actual.err()).contains(root + "/locked").contains("Permission denied");
    assertThat(actual.lines()).isEqualTo(expected.lines()).contains(root + "/locked")
        .noneMatch(p -> p.startsWith(root + "/locked/"));
  }

  private static void copy(Path src, Path dst) throws IOException {
    if (!Files.isDirectory(src)) {
      Files.createDirectories(dst.getParent());
      Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path d = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(d);
        } else {
          Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static TreeSet<String> rgFiles(String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("rg", "--files", "--no-require-git", "--no-ignore-parent",
        "--no-ignore-global", "--no-messages"));
    cmd.addAll(List.of(extra));
    cmd.add(root.toString());
    return PeerTools.run(cmd).lines();
  }

  @Test
  void ignoreRulesMatchRipgrep() throws Exception {
    TreeSet<String> expected = rgFiles();
    Walked w = walk(WalkOptions.defaults().withTypes(Set.of(FileType.FILE)));
    assertSameSet(w.paths(), expected);
    assertSameSet(walk(WalkOptions.defaults().withTypes(Set.of(FileType.FILE)).withSorted(true)).paths(), expected);
    assertSameSet(walk(WalkOptions.defaults().withTypes(Set.of(FileType.FILE)).withThreads(1)).paths(), expected);
    // the rules did bite, both ways
    assertThat(expected).doesNotContain(root + "/d0000/s000/file0000001.log", root + "/d0001/s000/file0000400.txt",
            root + "/build/x.csv", root + "/d0003/s000/build/y.txt", root + "/d0000/s003/file0000060.txt",
            root + "/d0002/s000/file0000814.csv", root + "/d0000/s000/file0000022.csv",
            root + "/d0000/s001/file0000020.txt", root + "/d0000/s002/file0000041.txt")
        .contains(root + "/d0000/s000/file0000000.log", root + "/d0000/s000/file0000011.csv",
            root + "/d0004/build", root + "/d0000/s002/file0000045.txt", root + "/d0002/s005/file0000901.txt");
  }

  @Test
  void hiddenEntriesWithIgnoreRulesMatchRipgrepHidden() throws Exception {
    TreeSet<String> expected = rgFiles("--hidden");
    assertThat(expected).contains(root + "/.hid/inside.csv", root + "/.gitignore");
    assertSameSet(walk(WalkOptions.defaults().withHidden(true).withTypes(Set.of(FileType.FILE))).paths(), expected);
    assertSameSet(walk(WalkOptions.defaults().withIgnoreFiles(false).withTypes(Set.of(FileType.FILE))).paths(),
        rgFiles("--no-ignore"));
  }

  @Test
  void sortedWalkIsInNameOrderDepthFirst() throws Exception {
    List<String> order = new ArrayList<>();
    Walker.walk(root.resolve("d0012"), everything().withSorted(true), new WalkVisitor() {
      @Override
      public void entry(WalkEntry e, Dir parent) {
        order.add(e.relative());
      }

      @Override
      public void error(SafeFsException error) {
        throw new AssertionError(error);
      }
    });
    assertThat(order.subList(0, 3)).containsExactly("s000", "s000/file0004800.txt", "s000/file0004801.txt");
    assertThat(order.get(21)).isEqualTo("s001");
    assertThat(order).hasSize(10 + 200);
  }
}
