package dev.safefs.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library face of content search: paging, the truncated flag, modes, binary files, long lines. */
class ContentSearchTest {
  @TempDir
  Path root;

  private void files(int n, int linesEach) throws Exception {
    for (int f = 0; f < n; f++) {
      StringBuilder sb = new StringBuilder();
      for (int l = 1; l <= linesEach; l++) {
        sb.append(l % 3 == 0 ? "needle " : "hay ").append(f).append(':').append(l).append('\n');
      }
      Files.createDirectories(root.resolve("d" + f % 3));
      Files.writeString(root.resolve("d" + f % 3).resolve(String.format("f%02d.txt", f)), sb.toString());
    }
  }

  private static List<String> flat(SearchResult r) {
    List<String> out = new ArrayList<>();
    for (FileMatches fm : r.files()) {
      for (MatchLine l : fm.lines()) {
        out.add(fm.relative() + (l.match() ? ":" : "-") + l.number() + ":" + l.text());
      }
    }
    return out;
  }

  @Test
  void pagesAreStableAndTheLastOneIsNotTruncated() throws Exception {
    files(10, 9); // 3 matches per file, 30 in all
    SearchOptions base = SearchOptions.of("needle").withFixed(true);
    List<String> all = flat(ContentSearch.search(root, base.withWalk(WalkOptions.defaults().withSorted(true))));
    assertThat(all).hasSize(30);
    List<String> paged = new ArrayList<>();
    for (long off = 0; ; off += 7) {
      SearchResult page = ContentSearch.search(root, base.withPage(off, 7));
      paged.addAll(flat(page));
      assertThat(page.matches()).isLessThanOrEqualTo(7);
      if (!page.truncated()) {
        assertThat(off).isEqualTo(28);
        break;
      }
      assertThat(page.matches()).isEqualTo(7);
    }
    assertThat(paged).isEqualTo(all);
    assertThat(all.getFirst()).isEqualTo("d0/f00.txt:3:needle 0:3");
  }

  @Test
  void pagesCarryTheirContextLines() throws Exception {
    files(2, 9);
    SearchResult page = ContentSearch.search(root, SearchOptions.of("needle").withContext(1, 0).withPage(1, 1));
    assertThat(flat(page)).containsExactly("d0/f00.txt-5:hay 0:5", "d0/f00.txt:6:needle 0:6");
    assertThat(page.truncated()).isTrue();
  }

  @Test
  void filesAndCountsModesPageByFile() throws Exception {
    files(5, 9);
    SearchResult files = ContentSearch.search(root, SearchOptions.of("needle 3").withMode(SearchOptions.Mode.FILES));
    assertThat(files.files()).extracting(FileMatches::relative).containsExactly("d0/f03.txt");
    SearchResult counts = ContentSearch.search(root, SearchOptions.of("needle").withMode(SearchOptions.Mode.COUNTS)
        .withPage(0, 2));
    assertThat(counts.files()).extracting(FileMatches::relative, FileMatches::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("d0/f00.txt", 3L),
            org.assertj.core.groups.Tuple.tuple("d0/f03.txt", 3L));
    assertThat(counts.truncated()).isTrue();
  }

  @Test
  void binaryFilesAreSkippedAndLongLinesFound() throws Exception {
    Files.write(root.resolve("b.bin"), "needle\0\n".getBytes());
    Files.writeString(root.resolve("long.txt"), "x".repeat(1 << 20) + "needle\nafter\n");
    SearchResult r = ContentSearch.search(root, SearchOptions.of("needle$"));
    assertThat(r.files()).extracting(FileMatches::relative).containsExactly("long.txt");
    assertThat(r.files().getFirst().lines().getFirst().text()).hasSize((1 << 20) + 6);
  }

  /** Files mode finds a literal the way lines mode does (on Linux, in native memory with libc; else on the heap). */
  private void assertFilesModeAgreesWithLinesMode(String literal, String... expected) throws Exception {
    SearchOptions lines = SearchOptions.of(literal).withFixed(true);
    SearchResult byLines = ContentSearch.search(root, lines);
    SearchResult byFiles = ContentSearch.search(root, lines.withMode(SearchOptions.Mode.FILES));
    assertThat(byFiles.files()).extracting(FileMatches::relative).containsExactlyInAnyOrder(expected);
    assertThat(byLines.files()).extracting(FileMatches::relative).containsExactlyInAnyOrder(expected);
  }

  @Test
  void filesModeFindsALiteralAcrossReadBoundaries() throws Exception {
    int read = 256 << 10;
    Files.writeString(root.resolve("straddles.txt"), "a".repeat(read - 3) + "needle\n");
    Files.writeString(root.resolve("second-read.txt"), "a".repeat(read * 2 + 17) + "needle");
    Files.writeString(root.resolve("ends-at-read.txt"), "a".repeat(read - 6) + "needle");
    Files.writeString(root.resolve("split-only.txt"), "a".repeat(read - 3) + "nee\ndle\n");
    Files.writeString(root.resolve("absent.txt"), "needl".repeat(200_000));
    Files.writeString(root.resolve("short.txt"), "needle");
    Files.writeString(root.resolve("shorter.txt"), "needl");
    Files.writeString(root.resolve("empty.txt"), "");
    assertFilesModeAgreesWithLinesMode("needle", "straddles.txt", "second-read.txt", "ends-at-read.txt",
        "short.txt");
  }

  @Test
  void filesModeSkipsBinaryFilesAsLinesModeDoes() throws Exception {
    Files.write(root.resolve("nul-early.bin"), ("x".repeat(8000) + "\0needle").getBytes());
    Files.write(root.resolve("nul-late.txt"), ("x".repeat(8200) + "\0needle").getBytes());
    Files.write(root.resolve("nul-in-second-read.txt"), ("needle" + "x".repeat(300_000) + "\0").getBytes());
    assertFilesModeAgreesWithLinesMode("needle", "nul-late.txt", "nul-in-second-read.txt");
  }

  @Test
  void filesModeFindsALiteralOfCommonBytesAmongManyNearMisses() throws Exception {
    // every byte of "e  e" is common, so candidates come every few bytes: the native path hands over to memmem
    Files.writeString(root.resolve("late.txt"), "ee e ".repeat(200_000) + "e  e");
    Files.writeString(root.resolve("none.txt"), "ee e ".repeat(200_000));
    Files.writeString(root.resolve("early.txt"), "e  e" + "ee e ".repeat(200_000));
    assertFilesModeAgreesWithLinesMode("e  e", "late.txt", "early.txt");
  }

  @Test
  void filesModeOnRandomFilesAgreesWithLinesMode() throws Exception {
    java.util.Random rnd = new java.util.Random(7);
    List<String> texts = new ArrayList<>();
    for (int f = 0; f < 60; f++) {
      byte[] data = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(600_000) : rnd.nextInt(2000)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) "abc\n".charAt(rnd.nextInt(4));
      }
      Files.write(root.resolve("f" + f + ".txt"), data);
      texts.add(new String(data, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    // shorter and longer than the 8 bytes the native search compares first
    for (String literal : List.of("abcabca", "abcabcabc", "bca")) {
      List<String> expected = new ArrayList<>();
      for (int f = 0; f < texts.size(); f++) {
        if (texts.get(f).contains(literal)) {
          expected.add("f" + f + ".txt");
        }
      }
      assertThat(expected).isNotEmpty().hasSizeLessThan(60);
      assertFilesModeAgreesWithLinesMode(literal, expected.toArray(String[]::new));
    }
  }

  @Test
  void regexLiteralsPrefilterWithoutChangingResults() {
    assertThat(RegexLiterals.required("foo.bar")).isEqualTo("foo");
    assertThat(RegexLiterals.required("ab*cdef")).isEqualTo("cdef");
    assertThat(RegexLiterals.required("a|b")).isNull();
    assertThat(RegexLiterals.required("(?i)abc")).isNull();
    assertThat(RegexLiterals.required("[abc]+xyz\\.q")).isEqualTo("xyz.q");
    assertThat(RegexLiterals.required("colou?r")).isEqualTo("colo");
    assertThat(RegexLiterals.required("x{2,3}yz")).isEqualTo("yz");
  }

  @Test
  void badPatternsAreInvalidInput() {
    assertThatThrownBy(() -> ContentSearch.search(root, SearchOptions.of("(unclosed")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad regex");
  }
}
