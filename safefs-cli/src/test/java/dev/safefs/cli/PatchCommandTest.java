package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code safefs patch}: edits and patches through the real CLI, exit codes, JSON and the did-you-mean block. */
class PatchCommandTest {
  @TempDir
  Path tmp;

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
  }

  @Test
  void editReplacesAndReportsStrategyAndLines() throws Exception {
    Path f = tmp.resolve("f.py");
    Files.writeString(f, "def f():\n\tif x:\n\t\treturn 1\n");
    var r = Cli.run("", "patch", f.toString(), "--old", "if x:\n    return 1", "--new", "if x:\n    return 2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(f + ": indentation-flexible, lines 2-3 -> lines 2-3\n");
    assertThat(f).hasContent("def f():\n\tif x:\n\t\treturn 2");
  }

  @Test
  void dryRunPrintsTheDiffAndJsonCarriesHashes() throws Exception {
    Path f = tmp.resolve("d.txt");
    Files.writeString(f, "a\nb\n");
    var r = Cli.run("", "patch", f.toString(), "--old", "b", "--new", "c", "--dry-run");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("--- " + f + "\n+++ " + f + "\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
    assertThat(f).hasContent("a\nb");
    Path oldFile = tmp.resolve("old");
    Path newFile = tmp.resolve("new");
    Files.writeString(oldFile, "a\nb\n");
    Files.writeString(newFile, "a\nB\nextra\n");
    r = Cli.run("", "patch", f.toString(), "--old-file", oldFile.toString(), "--new-file", newFile.toString(),
        "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(f).hasContent("a\nB\nextra");
    assertThat(r.out()).contains("\"strategy\":\"exact\"").contains("\"written\":true")
        .contains("\"sha256Before\":\"" + sha256("a\nb\n") + "\"")
        .contains("\"sha256After\":\"" + sha256("a\nB\nextra\n") + "\"")
        .contains("\"lines\":[{\"oldFirst\":1,\"oldLast\":2,\"newFirst\":1,\"newLast\":3}]")
        .contains("\"diff\":\"--- ");
  }

  @Test
  void ambiguousAndMissingTextExit5WithoutChangingTheFile() throws Exception {
    Path f = tmp.resolve("a.txt");
    Files.writeString(f, "x = 1\nfoo\nx = 1\nresult = compute(alpha, beta)\n");
    var r = Cli.run("", "patch", f.toString(), "--old", "x = 1", "--new", "x = 2");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).isEqualTo("safefs: patch: " + f + ": old text matches 2 times (exact) at lines 1, 3: include"
        + " more surrounding lines to make it unique, or replace all\n");
    r = Cli.run("", "patch", f.toString(), "--old", "result = compute(alpha, gamma)", "--new", "y");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).startsWith("safefs: patch: " + f + ": old text not found")
        .contains("line 4 (").contains("-result = compute(alpha, gamma)\n+result = compute(alpha, beta)\n")
        .doesNotContain("\tat ");
    assertThat(f).hasContent("x = 1\nfoo\nx = 1\nresult = compute(alpha, beta)");
    r = Cli.run("", "patch", f.toString(), "--old", "x = 1", "--new", "x = 2", "--all");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(f).hasContent("x = 2\nfoo\nx = 2\nresult = compute(alpha, beta)");
  }

  @Test
  void patchFromStdinAppliesEveryFileAsOneTransaction() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("a.txt"), "alpha\n");
    Files.writeString(root.resolve("b.txt"), "beta\n");
    String v4a = "*** Begin Patch\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** Delete File: b.txt\n"
        + "*** Add File: sub/c.txt\n+gamma\n*** End Patch\n";
    var r = Cli.run(v4a, "patch", "--patch", "-", "--root", root.toString(), "--json", "--state",
        tmp.resolve("state").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(root.resolve("a.txt")).hasContent("ALPHA");
    assertThat(root.resolve("b.txt")).doesNotExist();
    assertThat(root.resolve("sub/c.txt")).hasContent("gamma");
    assertThat(r.out()).contains("\"format\":\"v4a\"").contains("\"action\":\"delete\"")
        .contains("\"sha256Before\":\"" + sha256("alpha\n") + "\"").contains("\"sha256After\":\"" + sha256("ALPHA\n"))
        .contains("\"transaction\":\"");
  }

  @Test
  void unifiedPatchFileRelativeToTheCurrentDirectoryAndABadHunkChangesNothing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("w"));
    Files.writeString(root.resolve("a.txt"), "1\n2\n3\n");
    Files.writeString(root.resolve("b.txt"), "x\ny\n");
    Path good = tmp.resolve("good.diff");
    Files.writeString(good, "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n"
        + "--- a/b.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n x\n-y\n+why\n");
    Path bad = tmp.resolve("bad.diff");
    Files.writeString(bad, "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n"
        + "--- a/b.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n x\n-zzz\n+why\n");
    List<String> cmd = Cli.command("patch", "--patch", bad.toString(), "--state", tmp.resolve("s").toString());
    var r = dev.safefs.testing.ChildJvm.run(dev.safefs.testing.ChildJvm.viaShell("cd '" + root + "'", cmd), null,
        120);
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).startsWith("safefs: patch: b.txt: file 2 of 2: hunk 1 of 1 (patch line 10)");
    assertThat(root.resolve("a.txt")).hasContent("1\n2\n3");
    cmd = Cli.command("patch", "--patch", good.toString(), "--state", tmp.resolve("s").toString());
    r = dev.safefs.testing.ChildJvm.run(dev.safefs.testing.ChildJvm.viaShell("cd '" + root + "'", cmd), null, 120);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("a.txt: updated (exact, lines 1-3 -> lines 1-3)\n"
        + "b.txt: updated (exact, lines 1-2 -> lines 1-2)\n");
    assertThat(root.resolve("a.txt")).hasContent("1\ntwo\n3");
    assertThat(root.resolve("b.txt")).hasContent("x\nwhy");
  }

  @Test
  void usageErrorsExit2() throws Exception {
    Path f = tmp.resolve("u.txt");
    Files.writeString(f, "a\n");
    for (String[] args : List.of(new String[] {"patch"}, new String[] {"patch", f.toString(), "--old", "a"},
        new String[] {"patch", f.toString(), "--patch", "-"},
        new String[] {"patch", f.toString(), "--old", "a", "--old-file", "x", "--new", "b"})) {
      var r = Cli.run("", args);
      assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).startsWith("safefs: patch: ").doesNotContain("\tat ");
    }
    var r = Cli.run("not a patch\n", "patch", "--patch", "-");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("safefs: patch: cannot read the patch: patch line 1: no file change found");
    assertThat(f).hasContent("a");
  }
}
