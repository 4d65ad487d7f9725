package dev.safefs.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The minimatch semantics (dot: true) the official server's search_files and directory_tree use. */
class GlobTest {

  @Test
  void starStaysWithinOneComponent() {
    Glob g = Glob.compile("*.txt");
    assertThat(g.matches("a.txt")).isTrue();
    assertThat(g.matches(".hidden.txt")).isTrue();
    assertThat(g.matches("d/a.txt")).isFalse();
  }

  @Test
  void doubleStarMatchesZeroOrMoreDirectories() {
    Glob g = Glob.compile("**/*.csv");
    assertThat(g.matches("a.csv")).isTrue();
    assertThat(g.matches("d1/d2/a.csv")).isTrue();
    assertThat(g.matches("d1/a.csv.bak")).isFalse();
    assertThat(Glob.compile("d1/**").matches("d1/x/y")).isTrue();
    assertThat(Glob.compile("d1/**/z").matches("d1/z")).isTrue();
    assertThat(Glob.compile("**").matches("any/thing")).isTrue();
  }

  @Test
  void classesAlternativesAndLiterals() {
    assertThat(Glob.compile("f[0-9].{md,txt}").matches("f1.md")).isTrue();
    assertThat(Glob.compile("f[!0-9].txt").matches("f1.txt")).isFalse();
    assertThat(Glob.compile("a+b(c).txt").matches("a+b(c).txt")).isTrue();
    assertThat(Glob.compile("?.txt").matches("ab.txt")).isFalse();
  }
}
