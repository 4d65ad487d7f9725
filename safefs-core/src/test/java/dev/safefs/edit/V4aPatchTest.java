package dev.safefs.edit;

import dev.safefs.Hashes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NoMatchException;
import dev.safefs.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The V4A format: add, delete, update with context and anchors, move, end of file; failures change nothing. */
class V4aPatchTest {

  @TempDir
  Path root;

  private Path state() {
    return root.resolveSibling(root.getFileName() + "-state");
  }

  private void write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, content.getBytes(UTF_8));
  }

  private String read(String rel) throws IOException {
    return Files.readString(root.resolve(rel), UTF_8);
  }

  private PatchResult apply(String patch) throws IOException {
    return PatchEngine.apply(patch, root, EditOptions.defaults(), state());
  }

  @Test
  void addDeleteUpdateAndMoveInOnePatch() throws IOException {
    write("src/app.py", "import os\n\ndef main():\n    print('hi')\n    return 0\n");
    write("old.txt", "obsolete\n");
    write("notes.md", "# Notes\n- one\n");
    PatchResult r = apply("""
        *** Begin Patch
        *** Add File: src/util/helpers.py
        +def helper():
        +    return 42
        *** Delete File: old.txt
        *** Update File: src/app.py
        @@ def main():
             print('hi')
        -    return 0
        +    return helper()
        *** Update File: notes.md
        *** Move to: docs/notes.md
        @@
         # Notes
         - one
        +- two
        *** End Patch
        """);
    assertThat(read("src/util/helpers.py")).isEqualTo("def helper():\n    return 42\n");
    assertThat(Files.exists(root.resolve("old.txt"))).isFalse();
    assertThat(read("src/app.py")).isEqualTo("import os\n\ndef main():\n    print('hi')\n    return helper()\n");
    assertThat(Files.exists(root.resolve("notes.md"))).isFalse();
    assertThat(read("docs/notes.md")).isEqualTo("# Notes\n- one\n- two\n");
    assertThat(r.format()).isEqualTo("v4a");
    assertThat(r.files()).hasSize(4);
    assertThat(r.files().get(3).movedTo()).isEqualTo("docs/notes.md");
    assertThat(r.transactionId()).isNotNull();
  }

  @Test
  void severalHunksInOneFileApplyInOrder() throws IOException {
    write("f.txt", "a\nb\nc\nd\ne\nf\ng\nh\n");
    apply("""
        *** Begin Patch
        *** Update File: f.txt
        @@
         a
        -b
        +B
         c
        @@
         f
        -g
        +G
         h
        *** End Patch
        """);
    assertThat(read("f.txt")).isEqualTo("a\nB\nc\nd\ne\nf\nG\nh\n");
  }

  @Test
  void toleratesIndentationAndTrailingSpaceAndReportsTheStrategy() throws IOException {
    write("m.go", "func f() {\n\tif x {  \n\t\treturn 1\n\t}\n}\n");
    PatchResult r = apply("""
        *** Begin Patch
        *** Update File: m.go
        @@
             if x {
        -        return 1
        +        return 2
             }
        *** End Patch
        """);
    assertThat(read("m.go")).isEqualTo("func f() {\n\tif x {  \n\t\treturn 2\n\t}\n}\n");
    assertThat(r.files().getFirst().hunks().getFirst().strategy()).isEqualTo(Strategy.INDENTATION_FLEXIBLE);
    assertThat(r.files().getFirst().hunks().getFirst().ranges()).containsExactly(new LineRange(2, 4, 2, 4));
  }

  @Test
  void contextFoundTwiceIsAConflictNotAGuess() throws IOException {
    write("dup.txt", "start\n  x = 1\n  y = 2\nmiddle\n  x = 1\n  y = 2\nend\n");
    assertThatThrownBy(() -> apply("""
        *** Begin Patch
        *** Update File: dup.txt
        @@
           x = 1
        -  y = 2
        +  y = 3
        *** End Patch
        """)).isInstanceOf(ConflictException.class).hasMessageContaining("matches 2 places")
        .hasMessageContaining("lines 2-3, 5-6");
    assertThat(read("dup.txt")).isEqualTo("start\n  x = 1\n  y = 2\nmiddle\n  x = 1\n  y = 2\nend\n");
  }

  @Test
  void anAnchorPicksTheSection() throws IOException {
    write("dup.py", "def a():\n    x = 1\n    return x\n\ndef b():\n    x = 1\n    return x\n");
    apply("""
        *** Begin Patch
        *** Update File: dup.py
        @@ def b():
             x = 1
        -    return x
        +    return x + 1
        *** End Patch
        """);
    assertThat(read("dup.py")).isEqualTo("def a():\n    x = 1\n    return x\n\ndef b():\n    x = 1\n    return x + 1\n");
  }

  @Test
  void additionsAfterAnAnchorAndAtTheEnd() throws IOException {
    write("imports.py", "import os\n\ndef f():\n    pass\n");
    apply("""
        *** Begin Patch
        *** Update File: imports.py
        @@ import os
        +import sys
        *** End Patch
        """);
    assertThat(read("imports.py")).isEqualTo("import os\nimport sys\n\ndef f():\n    pass\n");
    apply("*** Begin Patch\n*** Update File: imports.py\n@@\n+# end\n*** End Patch\n");
    assertThat(read("imports.py")).isEqualTo("import os\nimport sys\n\ndef f():\n    pass\n# end\n");
  }

  @Test
  void endOfFileHunkMatchesOnlyAtTheEndAndKeepsAMissingFinalNewline() throws IOException {
    write("e.txt", "last\nmid\nlast");
    apply("""
        *** Begin Patch
        *** Update File: e.txt
        @@
        -last
        +final
        *** End of File
        *** End Patch
        """);
    assertThat(read("e.txt")).isEqualTo("last\nmid\nfinal");
  }

  @Test
  void crlfFileGetsCrlfLinesFromAnLfPatch() throws IOException {
    write("w.txt", "one\r\ntwo\r\n");
    apply("*** Begin Patch\n*** Update File: w.txt\n@@\n one\n+one and a half\n two\n*** End Patch\n");
    assertThat(Files.readAllBytes(root.resolve("w.txt"))).isEqualTo("one\r\none and a half\r\ntwo\r\n".getBytes(UTF_8));
  }

  @Test
  void oneBadHunkAnywhereChangesNothingAndNamesFileAndHunk() throws IOException {
    write("a.txt", "alpha\n");
    write("b.txt", "beta\ngamma\n");
    Map<String, String> before = Trees.snapshotWithInodes(root);
    assertThatThrownBy(() -> apply("""
        *** Begin Patch
        *** Update File: a.txt
        @@
        -alpha
        +ALPHA
        *** Add File: c.txt
        +new
        *** Update File: b.txt
        @@
         beta
        -gamma
        +GAMMA
        @@
         delta
        -epsilon
        +EPSILON
        *** End Patch
        """)).isInstanceOf(NoMatchException.class)
        .hasMessageContaining("b.txt")
        .hasMessageContaining("file 3 of 3")
        .hasMessageContaining("hunk 2 of 2");
    assertThat(Trees.snapshotWithInodes(root)).isEqualTo(before);
  }

  @Test
  void badInputIsRefusedClearly() throws IOException {
    write("a.txt", "alpha\n");
    assertThatThrownBy(() -> apply("*** Begin Patch\n*** Update File: a.txt\n@@\n-alpha\n+beta\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing '*** End Patch'");
    assertThatThrownBy(() -> apply("*** Begin Patch\n*** Frobnicate: a.txt\n*** End Patch\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("patch line 2");
    assertThatThrownBy(() -> apply("*** Begin Patch\n*** Update File: ../escape.txt\n@@\n-a\n+b\n*** End Patch\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("inside the patch root");
    assertThatThrownBy(() -> apply("*** Begin Patch\n*** Update File: nope.txt\n@@\n-a\n+b\n*** End Patch\n"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> apply("*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\n"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
    assertThatThrownBy(() -> apply("just some text\n")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> apply("--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n-alpha\n"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("truncated");
    assertThat(read("a.txt")).isEqualTo("alpha\n");
  }

  @Test
  void singleFileUpdateIsACompareAndSwapReplace() throws IOException {
    write("s.txt", "x\n");
    PatchResult r = apply("*** Begin Patch\n*** Update File: s.txt\n@@\n-x\n+y\n*** End Patch\n");
    assertThat(read("s.txt")).isEqualTo("y\n");
    assertThat(r.transactionId()).isNull(); // one file: a plain atomic replace, no journal needed
    assertThat(r.files().getFirst().sha256After()).isEqualTo(Hashes.sha256("y\n".getBytes(UTF_8)));
  }

  @Test
  void dryRunWritesNothing() throws IOException {
    write("d.txt", "x\n");
    PatchResult r = PatchEngine.apply("*** Begin Patch\n*** Update File: d.txt\n@@\n-x\n+y\n*** Add File: n.txt\n"
        + "+n\n*** End Patch\n", root, EditOptions.defaults().withDryRun(true), state());
    assertThat(read("d.txt")).isEqualTo("x\n");
    assertThat(Files.exists(root.resolve("n.txt"))).isFalse();
    assertThat(r.written()).isFalse();
    assertThat(r.files().getFirst().diff()).contains("-x\n+y\n");
    assertThat(r.files().get(1).diff()).contains("--- /dev/null\n+++ b/n.txt\n");
  }
}
