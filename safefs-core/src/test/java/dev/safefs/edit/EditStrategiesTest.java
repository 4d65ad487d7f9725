package dev.safefs.edit;

import dev.safefs.Hashes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NoMatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each strategy fires where it should, and does not fire where a looser match would be wrong. */
class EditStrategiesTest {

  @TempDir
  Path dir;

  private Path file(String content) throws IOException {
    Path p = dir.resolve("f.txt");
    Files.write(p, content.getBytes(UTF_8));
    return p;
  }

  private static EditResult edit(Path p, String old, String nu) throws IOException {
    return EditEngine.edit(p, List.of(Edit.of(old, nu)), EditOptions.defaults());
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, UTF_8);
  }

  private static void assertNoMatchAndUnchanged(Path p, String old, String nu) throws IOException {
    byte[] before = Files.readAllBytes(p);
    assertThatThrownBy(() -> edit(p, old, nu)).isInstanceOf(NoMatchException.class);
    assertThat(Files.readAllBytes(p)).isEqualTo(before);
  }

  // ---- exact

  @Test
  void exactReplacesTheOnlyOccurrenceAndReportsItsLines() throws IOException {
    Path p = file("a\nb\nfoo(1);\nc\n");
    EditResult r = edit(p, "foo(1);", "foo(2);\nbar();");
    assertThat(read(p)).isEqualTo("a\nb\nfoo(2);\nbar();\nc\n");
    Change c = r.changes().getFirst();
    assertThat(c.strategy()).isEqualTo(Strategy.EXACT);
    assertThat(c.ranges()).containsExactly(new LineRange(3, 3, 3, 4));
    assertThat(r.written()).isTrue();
    assertThat(r.diff()).isEqualTo("--- " + p + "\n+++ " + p + "\n@@ -1,4 +1,5 @@\n a\n b\n-foo(1);\n+foo(2);\n"
        + "+bar();\n c\n");
  }

  @Test
  void exactPartOfALineIsOnlyThatPart() throws IOException {
    Path p = file("int x = 1; int y = 2;\n");
    edit(p, "y = 2", "y = 3");
    assertThat(read(p)).isEqualTo("int x = 1; int y = 3;\n");
  }

  @Test
  void exactDoesNotFireOnADifferentCase() throws IOException {
    assertNoMatchAndUnchanged(file("Hello World\n"), "hello world", "bye");
  }

  // ---- line-trimmed

  @Test
  void lineTrimmedIgnoresTrailingWhitespace() throws IOException {
    Path p = file("if (a) {   \n  call();\t\n}\n");
    EditResult r = edit(p, "if (a) {\n  call();\n}", "if (b) {\n  call();\n}");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.LINE_TRIMMED);
    // the unchanged lines keep the file's own bytes, trailing whitespace included
    assertThat(read(p)).isEqualTo("if (b) {\n  call();\t\n}\n");
  }

  @Test
  void lineTrimmedDoesNotMatchPartOfALineOrOtherIndentation() throws IOException {
    Path p = file("xx if (a) {  \n  call();\n}\n");
    assertNoMatchAndUnchanged(p, "if (a) {\n  call();\n}", "nope");
  }

  // ---- whitespace-collapsed

  @Test
  void whitespaceCollapsedTreatsRunsOfSpacesAsOne() throws IOException {
    Path p = file("  int   x =  1;\n  int y = 2;\n");
    EditResult r = edit(p, "  int x = 1;\n  int y = 2;", "  int x = 10;\n  int y = 2;");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.WHITESPACE_COLLAPSED);
    assertThat(read(p)).isEqualTo("  int x = 10;\n  int y = 2;\n");
  }

  @Test
  void whitespaceCollapsedNeverJoinsWords() throws IOException {
    // "a b" must not match "ab": removing whitespace entirely changes meaning
    assertNoMatchAndUnchanged(file("return ab;\nend\n"), "return a b;\nend", "x");
  }

  @Test
  void whitespaceCollapsedFindsPartOfALineAndChangesOnlyThatPart() throws IOException {
    Path p = file("int  x  =  1;  // keep  this  spacing\n");
    EditResult r = edit(p, "x = 1", "x = 2");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.WHITESPACE_COLLAPSED);
    assertThat(read(p)).isEqualTo("int  x = 2;  // keep  this  spacing\n");
  }

  @Test
  void partOfALineNeverMatchesWhenSpacesAreMissing() throws IOException {
    assertNoMatchAndUnchanged(file("int x=1;\n"), "x = 1", "x = 2");
  }

  @Test
  void unicodeNormalizedFindsPartOfALine() throws IOException {
    Path p = file("msg = \u201cdon\u2019t\u201d + tail;\n");
    EditResult r = edit(p, "\"don't\"", "\"do\"");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.UNICODE_NORMALIZED);
    assertThat(read(p)).isEqualTo("msg = \"do\" + tail;\n");
  }

  // ---- indentation-flexible

  @Test
  void indentationFlexibleMatchesTabsAgainstSpacesAndReindentsTheReplacement() throws IOException {
    Path p = file("class A {\n\tvoid f() {\n\t\tcall();\n\t}\n}\n");
    EditResult r = edit(p, "void f() {\n    call();\n}", "void f() {\n    call();\n    more();\n}");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.INDENTATION_FLEXIBLE);
    assertThat(read(p)).isEqualTo("class A {\n\tvoid f() {\n\t\tcall();\n\t\tmore();\n\t}\n}\n");
  }

  @Test
  void indentationFlexibleReindentsSpacesToTheFilesDepth() throws IOException {
    Path p = file("def f():\n        if x:\n            y()\n");
    edit(p, "if x:\n    y()", "if x:\n    y()\n    z()");
    assertThat(read(p)).isEqualTo("def f():\n        if x:\n            y()\n            z()\n");
  }

  @Test
  void indentationFlexibleDoesNotFireWhenTheTextDiffers() throws IOException {
    assertNoMatchAndUnchanged(file("\tif (a) {\n\t\tcall();\n\t}\n"), "if (a) {\n    calls();\n}", "x");
  }

  // ---- unicode-normalized

  @Test
  void unicodeNormalizedReadsSmartQuotesDashesAndNbspAsAscii() throws IOException {
    Path p = file("say(\u201chello\u201d);\nx \u2014 y\u00a0z;\nkeep(\u2018q\u2019);\n");
    EditResult r = edit(p, "say(\"hello\");\nx - y z;\nkeep('q');", "say(\"hello\");\nx - y z2;\nkeep('q');");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.UNICODE_NORMALIZED);
    // unchanged lines keep the file's own characters; only the changed line is the caller's
    assertThat(read(p)).isEqualTo("say(\u201chello\u201d);\nx - y z2;\nkeep(\u2018q\u2019);\n");
  }

  @Test
  void unicodeNormalizedDoesNotMatchDifferentPunctuation() throws IOException {
    // a smart double quote is not a single quote, and an en dash is not an underscore
    assertNoMatchAndUnchanged(file("say(\u201chello\u201d);\nx \u2013 y;\n"), "say('hello');\nx _ y;", "x");
  }

  // ---- escape-normalized

  @Test
  void escapeNormalizedUnescapesLiteralBackslashN() throws IOException {
    Path p = file("line one\n\tline two\nrest\n");
    EditResult r = edit(p, "line one\\n\\tline two", "line 1\\n\\tline 2");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.ESCAPE_NORMALIZED);
    assertThat(read(p)).isEqualTo("line 1\n\tline 2\nrest\n");
  }

  @Test
  void escapeNormalizedNeverFiresWhenTheFileHasTheLiteralBackslash() throws IOException {
    // the file really contains backslash-n (source code): exact wins, nothing is unescaped
    Path p = file("print(\"a\\nb\")\nprint(\"a\nb\")\n");
    EditResult r = edit(p, "\"a\\nb\"", "\"c\\nd\"");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.EXACT);
    assertThat(read(p)).isEqualTo("print(\"c\\nd\")\nprint(\"a\nb\")\n");
  }

  @Test
  void escapeNormalizedDoesNotFireWhenTheUnescapedTextIsAbsent() throws IOException {
    assertNoMatchAndUnchanged(file("line one\nline two\n"), "line one\\nline three", "x");
  }

  // ---- order, ambiguity, did-you-mean, already applied

  @Test
  void theStrictestStrategyDecidesEvenIfALooserOneWouldMatchElsewhere() throws IOException {
    Path p = file("    call();\ncall();  \n");
    EditResult r = edit(p, "    call();", "    done();");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.EXACT);
    assertThat(read(p)).isEqualTo("    done();\ncall();  \n");
  }

  @Test
  void ambiguityListsEveryMatchLineAndChangesNothing() throws IOException {
    Path p = file("x = 1\ny\nx = 1\nz\nw\nx = 1\n");
    byte[] before = Files.readAllBytes(p);
    assertThatThrownBy(() -> edit(p, "x = 1", "x = 2"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("matches 3 times (exact) at lines 1, 3, 6");
    assertThat(Files.readAllBytes(p)).isEqualTo(before);
  }

  @Test
  void ambiguityUnderALooserStrategyIsAConflictToo() throws IOException {
    Path p = file("\tf();\n\tg();\nh\n  f();\n  g();\n");
    assertThatThrownBy(() -> edit(p, "f();\ng();", "k();"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("2 times (indentation-flexible) at lines 1-2, 4-5");
  }

  @Test
  void replaceAllReplacesEveryOccurrence() throws IOException {
    Path p = file("x = 1\ny\nx = 1\n");
    EditResult r = EditEngine.edit(p, List.of(new Edit("x = 1", "x = 2", true)), EditOptions.defaults());
    assertThat(read(p)).isEqualTo("x = 2\ny\nx = 2\n");
    assertThat(r.changes().getFirst().ranges()).hasSize(2);
  }

  @Test
  void didYouMeanPointsAtTheMostSimilarRegionWithADiff() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      sb.append("line number ").append(i).append('\n');
    }
    sb.append("function compute(alpha, beta) {\n  return alpha * beta + offset;\n}\n");
    for (int i = 44; i <= 60; i++) {
      sb.append("line number ").append(i).append('\n');
    }
    Path p = file(sb.toString());
    NoMatchException e = org.junit.jupiter.api.Assertions.assertThrows(NoMatchException.class,
        () -> edit(p, "function compute(alpha, gamma) {\n  return alpha * gamma + offset;\n}", "x"));
    assertThat(e.closest()).isNotNull();
    assertThat(e.closest().firstLine()).isEqualTo(41);
    assertThat(e.closest().lastLine()).isEqualTo(43);
    assertThat(e.closest().diff())
        .contains("-function compute(alpha, gamma) {")
        .contains("+function compute(alpha, beta) {")
        .contains("@@ -1,3 +41,3 @@");
    assertThat(e.getMessage()).contains("lines 41-43");
  }

  @Test
  void didYouMeanFindsAPartOfALongLine() throws IOException {
    Path p = file("first line here\nconfig = load(path, mode='r', encoding='utf-8', errors='strict')\nlast\n");
    NoMatchException e = org.junit.jupiter.api.Assertions.assertThrows(NoMatchException.class,
        () -> edit(p, "encoding='utf8'", "encoding='latin-1'"));
    assertThat(e.closest()).isNotNull();
    assertThat(e.closest().firstLine()).isEqualTo(2);
  }

  @Test
  void didYouMeanIsAbsentWhenNothingIsSimilar() throws IOException {
    Path p = file("alpha\nbeta\n");
    NoMatchException e = org.junit.jupiter.api.Assertions.assertThrows(NoMatchException.class,
        () -> edit(p, "zzzzzzzzzzzzzzzz qqqqqqqqq", "x"));
    assertThat(e.closest()).isNull();
  }

  @Test
  void alreadyAppliedChangesNothing() throws IOException {
    Path p = file("a\nfoo(2);\nb\n");
    long mtime = Files.getLastModifiedTime(p).toMillis();
    long ino = (Long) Files.getAttribute(p, "unix:ino");
    EditResult r = edit(p, "foo(1);", "foo(2);");
    assertThat(r.changes().getFirst().alreadyApplied()).isTrue();
    assertThat(r.written()).isFalse();
    assertThat(r.diff()).isEmpty();
    assertThat((Long) Files.getAttribute(p, "unix:ino")).isEqualTo(ino);
    assertThat(Files.getLastModifiedTime(p).toMillis()).isEqualTo(mtime);
  }

  @Test
  void newTextElsewhereIsNotMistakenForAlreadyApplied() throws IOException {
    // old has a typo and is nowhere; new ("x") happens to exist in an unrelated place: that is no success
    Path p = file("total = compute(a, b);\nprint(total)\nx\n");
    assertNoMatchAndUnchanged(p, "total = compote(a, b);", "x");
  }

  @Test
  void alreadyAppliedWhenNewContainsOldAndIsThere() throws IOException {
    Path p = file("x\nimport a;\nimport b;\ny\n");
    EditResult r = edit(p, "import a;\n", "import a;\nimport b;\n");
    assertThat(r.changes().getFirst().alreadyApplied()).isTrue();
    assertThat(read(p)).isEqualTo("x\nimport a;\nimport b;\ny\n");
  }

  // ---- line endings, BOM, final newline

  @Test
  void crlfFileIsMatchedAndWrittenInCrlf() throws IOException {
    Path p = file("one\r\ntwo\r\nthree\r\n");
    EditResult r = edit(p, "one\ntwo\n", "one\nTWO\nextra\n");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.EXACT);
    assertThat(Files.readAllBytes(p)).isEqualTo("one\r\nTWO\r\nextra\r\nthree\r\n".getBytes(UTF_8));
  }

  @Test
  void crlfFileWithALineStrategyKeepsCrlf() throws IOException {
    Path p = file("\tone  \r\n\ttwo\r\nthree\r\n");
    edit(p, "one\ntwo", "one\ntwo\ntwo and a half");
    assertThat(Files.readAllBytes(p)).isEqualTo("\tone  \r\n\ttwo\r\n\ttwo and a half\r\nthree\r\n".getBytes(UTF_8));
  }

  @Test
  void lfFileGivenCrlfTextStaysLf() throws IOException {
    Path p = file("a\nb\nc\n");
    edit(p, "a\r\nb\r\n", "a\r\nB\r\n");
    assertThat(Files.readAllBytes(p)).isEqualTo("a\nB\nc\n".getBytes(UTF_8));
  }

  @Test
  void utf8BomIsKept() throws IOException {
    Path p = dir.resolve("bom.txt");
    Files.write(p, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "first\nsecond\n".getBytes(UTF_8)));
    edit(p, "first", "premier");
    assertThat(Files.readAllBytes(p))
        .isEqualTo(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "premier\nsecond\n".getBytes(UTF_8)));
  }

  @Test
  void missingFinalNewlineStaysMissing() throws IOException {
    Path p = file("a\n  b  ");
    EditResult r = edit(p, "b", "c");
    assertThat(read(p)).isEqualTo("a\n  c  ");
    Path q = dir.resolve("g.txt");
    Files.writeString(q, "a\n\tb");
    edit(q, "  b\n", "  c\n"); // indentation-flexible on the last line: still no final newline
    assertThat(read(q)).isEqualTo("a\n\tc");
    assertThat(r.diff()).contains("\\ No newline at end of file");
  }

  @Test
  void finalNewlineStaysPresent() throws IOException {
    Path p = file("a\n\tb\n");
    edit(p, "  b", "  c");
    assertThat(read(p)).isEqualTo("a\n\tc\n");
  }

  @Test
  void deletingWholeLinesByALineStrategyLeavesNoBlankLine() throws IOException {
    Path p = file("keep\n\tdrop me\n\tdrop me too\nkeep too\n");
    EditResult r = edit(p, "drop me\ndrop me too\n", "");
    assertThat(r.changes().getFirst().strategy()).isEqualTo(Strategy.INDENTATION_FLEXIBLE);
    assertThat(read(p)).isEqualTo("keep\nkeep too\n");
    assertThat(r.changes().getFirst().ranges()).containsExactly(new LineRange(2, 3, 2, 1));
  }

  @Test
  void aSymlinkIsKeptAndItsTargetEdited() throws IOException {
    Path target = file("a\nb\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target.getFileName());
    edit(link, "b", "c");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(read(target)).isEqualTo("a\nc\n");
  }

  // ---- several edits, dry run, bad input

  @Test
  void severalEditsApplyInOrderAllOrNothing() throws IOException {
    Path p = file("one\ntwo\nthree\n");
    EditResult r = EditEngine.edit(p, List.of(Edit.of("one", "1"), Edit.of("1\ntwo", "1\n2")),
        EditOptions.defaults());
    assertThat(read(p)).isEqualTo("1\n2\nthree\n");
    assertThat(r.changes()).hasSize(2);
    byte[] before = Files.readAllBytes(p);
    assertThatThrownBy(() -> EditEngine.edit(p, List.of(Edit.of("1", "one"), Edit.of("missing", "x")),
        EditOptions.defaults()))
        .isInstanceOf(NoMatchException.class)
        .hasMessageContaining("edit 2 of 2");
    assertThat(Files.readAllBytes(p)).isEqualTo(before);
  }

  @Test
  void dryRunReturnsTheSameDiffAndWritesNothing() throws IOException {
    Path p = file("a\nb\n");
    long ino = (Long) Files.getAttribute(p, "unix:ino");
    EditResult dry = EditEngine.edit(p, List.of(Edit.of("b", "c")), EditOptions.defaults().withDryRun(true));
    assertThat(read(p)).isEqualTo("a\nb\n");
    assertThat((Long) Files.getAttribute(p, "unix:ino")).isEqualTo(ino);
    assertThat(dry.written()).isFalse();
    EditResult real = edit(p, "b", "c");
    assertThat(real.diff()).isEqualTo(dry.diff()).contains("-b\n+c\n");
    assertThat(real.sha256After()).isEqualTo(dry.sha256After());
    assertThat(real.sha256After()).isEqualTo(Hashes.sha256(Files.readAllBytes(p)));
  }

  @Test
  void emptyOldAndIdenticalTextsAreRefused() throws IOException {
    Path p = file("a\n");
    assertThatThrownBy(() -> edit(p, "", "x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> edit(p, "a", "a")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void blankOldTextNeverMatchesByLines() throws IOException {
    Path p = file("a\n\n\nb\n");
    assertThatThrownBy(() -> edit(p, "  \n  \n", "x")).isInstanceOf(NoMatchException.class);
  }

  @Test
  void nonUtf8FileIsRefusedUntouched() throws IOException {
    Path p = dir.resolve("latin1.txt");
    Files.write(p, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> edit(p, "caf", "tea")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not UTF-8");
    assertThat(Files.readAllBytes(p)).containsExactly('c', 'a', 'f', (byte) 0xE9, '\n');
  }

  @Test
  void missingFileIsNotFound() {
    assertThatThrownBy(() -> edit(dir.resolve("nope"), "a", "b")).isInstanceOf(dev.safefs.NotFoundException.class);
  }

  @Test
  void keepsModeOfTheFile() throws IOException {
    Path p = file("a\n");
    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    edit(p, "a", "b");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
        .isEqualTo("rwxr-x---");
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
