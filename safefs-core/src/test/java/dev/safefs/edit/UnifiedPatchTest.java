package dev.safefs.edit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written unified diffs: located by context near the stated line, never guessed. */
class UnifiedPatchTest {

  @TempDir
  Path root;

  private PatchResult apply(String patch) throws IOException {
    return PatchEngine.apply(patch, root, EditOptions.defaults(), root.resolveSibling(root.getFileName() + "-s"));
  }

  private static final String BLOCK = "if (ok) {\n  run();\n}\n";

  private static String gitDiff(String blob, String hunk) {
    return "diff --git a/r.c b/r.c\nindex " + blob + "..1234567 100644\n--- a/r.c\n+++ b/r.c\n" + hunk;
  }

  private static final String SECOND = "@@ -6,3 +6,3 @@\n if (ok) {\n-  run();\n+  walk();\n }\n";

  @Test
  void repeatedContextAppliesAtTheStatedLineOfTheVeryFileTheDiffWasMadeFrom() throws IOException {
    String content = "a\n" + BLOCK + "b\n" + BLOCK + "c\n";
    Files.writeString(root.resolve("r.c"), content);
    String blob = PatchEngine.gitBlobId(content.getBytes(UTF_8)).substring(0, 7);
    apply(gitDiff(blob, SECOND));
    assertThat(Files.readString(root.resolve("r.c"))).isEqualTo("a\n" + BLOCK + "b\nif (ok) {\n  walk();\n}\nc\n");
  }

  @Test
  void repeatedContextInAFileThatDriftedIsAConflictEvenAtTheStatedLine() throws IOException {
    // the diff was made when the second block was at line 6; four lines were inserted above since, so line 6 now
    // holds the first block: the line number would pick the wrong one
    String base = "a\n" + BLOCK + "b\n" + BLOCK + "c\n";
    String drifted = "new 1\nnew 2\nnew 3\nnew 4\n" + BLOCK.replace("run", "go") + base.substring(2);
    Files.writeString(root.resolve("r.c"), "x\n" + BLOCK + "b\n" + BLOCK + "c\n");
    String blob = PatchEngine.gitBlobId(base.getBytes(UTF_8)).substring(0, 7);
    assertThatThrownBy(() -> apply(gitDiff(blob, SECOND))).isInstanceOf(ConflictException.class)
        .hasMessageContaining("matches 2 places").hasMessageContaining("only in the very file the diff was made from");
    Files.writeString(root.resolve("r.c"), drifted);
    assertThatThrownBy(() -> apply(gitDiff(blob, SECOND))).isInstanceOf(ConflictException.class);
    assertThat(Files.readString(root.resolve("r.c"))).isEqualTo(drifted);
    // without an index line (plain diff -u) the line number alone never decides
    Files.writeString(root.resolve("r.c"), base);
    assertThatThrownBy(() -> apply("--- a/r.c\n+++ b/r.c\n" + SECOND)).isInstanceOf(ConflictException.class);
    assertThat(Files.readString(root.resolve("r.c"))).isEqualTo(base);
  }

  @Test
  void repeatedContextAwayFromTheStatedLineIsAConflict() throws IOException {
    String content = "a\n" + BLOCK + "b\n" + BLOCK + "c\n";
    Files.writeString(root.resolve("r.c"), content);
    String blob = PatchEngine.gitBlobId(content.getBytes(UTF_8)).substring(0, 7);
    assertThatThrownBy(() -> apply(gitDiff(blob, "@@ -4,3 +4,3 @@\n if (ok) {\n-  run();\n+  walk();\n }\n")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("matches 2 places (exact) at lines 2-4, 6-8, none of them at the stated line 4");
    assertThat(Files.readString(root.resolve("r.c"))).isEqualTo(content);
  }

  @Test
  void aUniqueHunkAppliesEvenWhenTheFileMovedAndReportsWhere() throws IOException {
    Files.writeString(root.resolve("m.txt"), "new first line\nnew second\none\ntwo\nthree\n");
    PatchResult r = apply("--- a/m.txt\n+++ b/m.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n");
    assertThat(Files.readString(root.resolve("m.txt"))).isEqualTo("new first line\nnew second\none\nTWO\nthree\n");
    assertThat(r.files().getFirst().hunks().getFirst().ranges()).containsExactly(new LineRange(3, 5, 3, 5));
  }

  @Test
  void zeroContextHunksInsertAndDeleteAtTheirStatedLines() throws IOException {
    Files.writeString(root.resolve("z.txt"), "1\n2\n3\n4\n5\n");
    // as diff -U0 writes them: an insertion after line 2, a deletion of line 4
    apply("--- a/z.txt\n+++ b/z.txt\n@@ -2,0 +3,2 @@\n+2a\n+2b\n@@ -4 +5,0 @@\n-4\n");
    assertThat(Files.readString(root.resolve("z.txt"))).isEqualTo("1\n2\n2a\n2b\n3\n5\n");
  }

  @Test
  void aZeroContextDeletionAmongRepeatedLinesTakesTheStatedOne() throws IOException {
    String content = "x\nsame\ny\nsame\nz\n";
    Files.writeString(root.resolve("d.txt"), content);
    String blob = PatchEngine.gitBlobId(content.getBytes(UTF_8)).substring(0, 7);
    apply("diff --git a/d.txt b/d.txt\nindex " + blob + "..89abcde 100644\n--- a/d.txt\n+++ b/d.txt\n"
        + "@@ -4 +3,0 @@\n-same\n");
    assertThat(Files.readString(root.resolve("d.txt"))).isEqualTo("x\nsame\ny\nz\n");
  }

  @Test
  void aPatchThatWentThroughCrlfConversionStillApplies() throws IOException {
    Files.writeString(root.resolve("w.txt"), "one\ntwo\n");
    apply("--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1,2 +1,2 @@\r\n one\r\n-two\r\n+2\r\n");
    assertThat(Files.readAllBytes(root.resolve("w.txt"))).isEqualTo("one\n2\n".getBytes(UTF_8));
  }

  @Test
  void malformedHunksAreRefused() throws IOException {
    Files.writeString(root.resolve("x.txt"), "x\n");
    assertThatThrownBy(() -> apply("--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-x\n+y\n+z\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("patch line 6");
    assertThatThrownBy(() -> apply("--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@ \n?x\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("must start with");
    assertThatThrownBy(() -> apply("diff --git a/x.txt b/x.txt\nBinary files a/x.txt and b/x.txt differ\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("binary");
    assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("x\n");
  }
}
