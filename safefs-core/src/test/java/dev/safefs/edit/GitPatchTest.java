package dev.safefs.edit;

import dev.safefs.Hashes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safefs.NoMatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code git diff} and {@code diff -ruN} output of real changes (add, delete, rename, multi-hunk, CRLF, final
 * newline, quoted names, modes) applied to a copy of the old tree reproduce the new tree exactly.
 */
class GitPatchTest {

  @TempDir
  Path tmp;
  Path repo;
  Path state;

  @BeforeEach
  void requireGit() throws IOException {
    assertTrue(Trees.has("git"), "git is not installed (CI installs it): the patch tests need real git output");
    repo = Files.createDirectories(tmp.resolve("repo"));
    state = tmp.resolve("state");
  }

  private static String lines(int from, int to, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append(prefix).append(i).append('\n');
    }
    return sb.toString();
  }

  private void write(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, content.getBytes(UTF_8));
  }

  /** The old tree, committed. */
  private void oldTree() throws Exception {
    write(repo, "keep.txt", "unchanged\n");
    write(repo, "multi.txt", lines(1, 60, "line "));
    write(repo, "gone.txt", "to be deleted\nsecond line\n");
    write(repo, "old-name.txt", lines(1, 20, "renamed and edited "));
    write(repo, "pure.txt", lines(1, 10, "moved as it is "));
    write(repo, "crlf.txt", "a\r\nb\r\nc\r\n");
    write(repo, "noeol.txt", "x\ny");
    write(repo, "eol.txt", "p\nq");
    write(repo, "with space.txt", "one\ntwo\n");
    write(repo, "caf\u00e9.txt", "cr\u00e8me\n");
    write(repo, "dir/deep/gone2.txt", "deep\n");
    write(repo, "indent.py", "def f():\n\tif x:\n\t\treturn 1\n\treturn 2\n");
    Trees.run(repo, List.of("git", "init", "-q"));
    Trees.run(repo, Trees.git("add", "-A"));
    Trees.run(repo, Trees.git("commit", "-q", "-m", "old"));
  }

  /** The new tree, made with ordinary file operations, staged. */
  private void newTree() throws Exception {
    String multi = lines(1, 60, "line ")
        .replace("line 3\n", "line three\n")
        .replace("line 30\n", "line 30\ninserted a\ninserted b\n")
        .replace("line 55\n", "")
        .replace("line 60\n", "line sixty\n");
    write(repo, "multi.txt", multi);
    Files.delete(repo.resolve("gone.txt"));
    Files.delete(repo.resolve("old-name.txt"));
    write(repo, "sub/new-name.txt", lines(1, 20, "renamed and edited ").replace("edited 7\n", "edited seven\n"));
    Files.createDirectories(repo.resolve("moved"));
    Files.move(repo.resolve("pure.txt"), repo.resolve("moved/pure.txt"));
    write(repo, "crlf.txt", "a\r\nB\r\nnew\r\nc\r\n");
    write(repo, "noeol.txt", "x\nz");
    write(repo, "eol.txt", "p\nq\n");
    write(repo, "with space.txt", "one\n2\n");
    write(repo, "caf\u00e9.txt", "cr\u00e8me br\u00fbl\u00e9e\n");
    Files.delete(repo.resolve("dir/deep/gone2.txt"));
    Files.delete(repo.resolve("dir/deep"));
    Files.delete(repo.resolve("dir"));
    write(repo, "new/dir/added.txt", "brand\nnew\n");
    write(repo, "empty.txt", "");
    write(repo, "script.sh", "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(repo.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write(repo, "indent.py", "def f():\n\tif x:\n\t\treturn 1\n\telse:\n\t\tpass\n\treturn 2\n");
    Trees.run(repo, Trees.git("add", "-A"));
  }

  private Path oldCopy() throws Exception {
    Path copy = tmp.resolve("copy");
    Trees.run(repo, Trees.git("stash", "-q")); // the old tree back in the worktree
    Trees.copy(repo, copy);
    Trees.run(repo, Trees.git("stash", "pop", "-q"));
    Trees.run(repo, Trees.git("add", "-A"));
    return copy;
  }

  private void applyAndCompare(String diff) throws Exception {
    Path copy = oldCopy();
    PatchResult r = PatchEngine.apply(diff, copy, EditOptions.defaults(), state);
    assertThat(r.written()).isTrue();
    assertThat(r.transactionId()).isNotNull();
    Map<String, String> want = Trees.snapshot(repo);
    assertThat(Trees.snapshot(copy)).isEqualTo(want);
  }

  @Test
  void gitDiffWithRenamesReproducesTheNewTree() throws Exception {
    oldTree();
    newTree();
    String diff = Trees.run(repo, Trees.git("diff", "--cached", "-M", "--no-color"));
    assertThat(diff).contains("rename from old-name.txt").contains("similarity index 100%")
        .contains("new file mode 100755").contains("\\ No newline at end of file").contains("\"a/caf\\303\\251.txt\"")
        .contains("deleted file mode");
    assertThat(diff.split("\n@@ ", -1).length - 1).as("hunks").isGreaterThanOrEqualTo(10);
    applyAndCompare(diff);
  }

  @Test
  void gitDiffWithoutRenamesReproducesTheNewTree() throws Exception {
    oldTree();
    newTree();
    String diff = Trees.run(repo, Trees.git("diff", "--cached", "--no-renames", "--no-color"));
    assertThat(diff).doesNotContain("rename from");
    applyAndCompare(diff);
  }

  @Test
  void gitDiffReportsEveryFileAndHunk() throws Exception {
    oldTree();
    newTree();
    String diff = Trees.run(repo, Trees.git("diff", "--cached", "-M", "--no-color"));
    Path copy = oldCopy();
    PatchResult dry = PatchEngine.apply(diff, copy, EditOptions.defaults().withDryRun(true), state);
    assertThat(Trees.snapshot(copy)).isNotEqualTo(Trees.snapshot(repo)); // dry run wrote nothing
    FileResult multi = dry.files().stream().filter(f -> f.path().equals("multi.txt")).findFirst().orElseThrow();
    assertThat(multi.hunks()).hasSize(3); // git joins the changes at 55 and 60 into one hunk
    assertThat(multi.hunks()).allMatch(c -> c.strategy() == Strategy.EXACT);
    assertThat(multi.sha256Before()).isEqualTo(Hashes.sha256(Files.readAllBytes(copy.resolve("multi.txt"))));
    assertThat(multi.sha256After()).isEqualTo(Hashes.sha256(Files.readAllBytes(repo.resolve("multi.txt"))));
    FileResult moved = dry.files().stream().filter(f -> f.path().equals("old-name.txt")).findFirst().orElseThrow();
    assertThat(moved.movedTo()).isEqualTo("sub/new-name.txt");
    assertThat(dry.files()).extracting(FileResult::action).contains(FilePatch.Action.ADD, FilePatch.Action.DELETE,
        FilePatch.Action.UPDATE);
  }

  @Test
  void theBlobIdThatTrustsLineNumbersIsGits() throws Exception {
    oldTree();
    for (String f : List.of("multi.txt", "crlf.txt", "noeol.txt", "keep.txt")) {
      String git = Trees.run(repo, Trees.git("hash-object", f)).strip();
      assertThat(PatchEngine.gitBlobId(Files.readAllBytes(repo.resolve(f)))).isEqualTo(git);
    }
  }

  @Test
  void aPatchWithOneBadHunkChangesNothingAtAll() throws Exception {
    oldTree();
    newTree();
    String diff = Trees.run(repo, Trees.git("diff", "--cached", "-M", "--no-color"));
    Path copy = oldCopy();
    // the copy drifts where the last hunk of multi.txt applies: that hunk no longer fits
    write(copy, "multi.txt", lines(1, 60, "line ").replace("line 59\n", "line fifty-nine\n"));
    Map<String, String> before = Trees.snapshotWithInodes(copy);
    assertThatThrownBy(() -> PatchEngine.apply(diff, copy, EditOptions.defaults(), state))
        .isInstanceOf(NoMatchException.class)
        .hasMessageContaining("multi.txt")
        .hasMessageContaining("hunk 3 of 3");
    assertThat(Trees.snapshotWithInodes(copy)).isEqualTo(before);
  }

  @Test
  void diffRuNOutputReproducesTheNewTree() throws Exception {
    assertTrue(Trees.has("diff"), "diff (diffutils) is not installed");
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path oldDir = work.resolve("old");
    Path newDir = work.resolve("new");
    write(oldDir, "a.txt", lines(1, 30, "a"));
    write(oldDir, "gone.txt", "bye\n");
    write(oldDir, "noeol.txt", "1\n2");
    Trees.copy(oldDir, newDir);
    write(newDir, "a.txt", lines(1, 30, "a").replace("a2\n", "A2\n").replace("a28\n", "a28\nextra\n"));
    Files.delete(newDir.resolve("gone.txt"));
    write(newDir, "added.txt", "hello\n");
    write(newDir, "noeol.txt", "1\n2\n3");
    String diff = Trees.run(work, List.of("diff", "-ruN", "old", "new"), 1);
    assertThat(diff).contains("--- old/a.txt\t");
    PatchEngine.apply(diff, work, EditOptions.defaults(), state);
    assertThat(Trees.snapshot(oldDir)).isEqualTo(Trees.snapshot(newDir));
  }

  @Test
  void diffUOfOneFileAppliesToTheOldName() throws Exception {
    assertTrue(Trees.has("diff"), "diff (diffutils) is not installed");
    write(tmp, "v1.txt", lines(1, 12, "v"));
    write(tmp, "v2.txt", lines(1, 12, "v").replace("v6\n", "six\n"));
    String diff = Trees.run(tmp, List.of("diff", "-u", "v1.txt", "v2.txt"), 1);
    PatchResult r = PatchEngine.apply(diff, tmp, EditOptions.defaults(), state);
    assertThat(r.files()).singleElement().extracting(FileResult::path).isEqualTo("v1.txt");
    assertThat(Files.readString(tmp.resolve("v1.txt"))).isEqualTo(Files.readString(tmp.resolve("v2.txt")));
  }
}
