package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.find.PeerTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safefs grep prints exactly what ripgrep prints, on the same tree and patterns (ripgrep's sorted, one-line mode). */
class GrepCommandTest {
  @TempDir
  static Path base;
  static Path root;

  static final String[] WORDS = {"alpha", "beta", "gamma", "gammma", "delta", "epsilon", "zeta", "eta", "theta",
      "iota", "kappa", "lambda", "mu", "sigma", "omega", "größe", "naïve", "Alpha", "ALPHA", "GRÖSSE", "x=1;",
      "(a+b)*c", "foo.bar", "kappa lambda"};

  @BeforeAll
  static void tree() throws Exception {
    root = base.resolve("src");
    Random r = new Random(42);
    for (int f = 0; f < 150; f++) {
      Path dir = root.resolve("d" + (f % 7)).resolve("s" + (f % 3));
      Files.createDirectories(dir);
      StringBuilder sb = new StringBuilder();
      int lines = 5 + r.nextInt(120);
      for (int l = 0; l < lines; l++) {
        int words = r.nextInt(9);
        for (int w = 0; w < words; w++) {
          if (w > 0) {
            sb.append(' ');
          }
          sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        sb.append(f % 10 == 3 ? "\r\n" : "\n");
      }
      if (f % 13 == 5) {
        sb.setLength(sb.length() - 1); // no newline at the end
      }
      Files.writeString(dir.resolve("f" + f + (f % 4 == 0 ? ".md" : ".txt")), sb.toString());
    }
    // a line longer than the search buffer, a binary file that matches, hidden and ignored files
    Files.writeString(root.resolve("long.txt"), "start\n" + "omega ".repeat(70_000) + "kappa lambda end\nnext\n");
    Files.write(root.resolve("bin.dat"), "alpha\0beta\nalpha\n".getBytes(StandardCharsets.UTF_8));
    Files.writeString(root.resolve(".hidden.txt"), "alpha hidden\n");
    Files.writeString(root.resolve(".gitignore"), "ignored.txt\n");
    Files.writeString(root.resolve("ignored.txt"), "alpha ignored\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(List.of("-F"), "lambda"),
        Arguments.of(List.of("-F"), "(a+b)*c"),
        Arguments.of(List.of("-F"), "foo.bar"),
        Arguments.of(List.of(), "foo.bar"),
        Arguments.of(List.of(), "gam+a [a-z]+"),
        Arguments.of(List.of(), "^delta"),
        Arguments.of(List.of(), "theta$"),
        Arguments.of(List.of(), "(zeta|eta) theta"),
        Arguments.of(List.of(), "\\bmu\\b"),
        Arguments.of(List.of(), "x=[0-9];"),
        Arguments.of(List.of(), "größe"),
        Arguments.of(List.of("-i"), "alpha"),
        Arguments.of(List.of("-i", "-F"), "gröSSe"),
        Arguments.of(List.of("-i"), "GRÖSSE|naÏve"),
        Arguments.of(List.of("-C", "2"), "kappa lambda"),
        Arguments.of(List.of("-A", "1"), "omega"),
        Arguments.of(List.of("-B", "3"), "sigma"),
        Arguments.of(List.of("-C", "1", "-F"), "end"),
        Arguments.of(List.of("-c"), "beta"),
        Arguments.of(List.of("-c", "-i"), "alpha"),
        Arguments.of(List.of("-l"), "epsilon"),
        Arguments.of(List.of("-l", "-F"), "naïve"),
        Arguments.of(List.of("-m", "2"), "alpha"),
        Arguments.of(List.of("-m", "3", "-c"), "eta"),
        Arguments.of(List.of("--hidden"), "alpha h"),
        Arguments.of(List.of("--no-ignore"), "alpha ig"),
        Arguments.of(List.of("-g", "*.md"), "iota"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void sameAsRipgrep(List<String> flags, String pattern) throws Exception {
    List<String> rg = new ArrayList<>(List.of("rg", "--no-heading", "--with-filename", "--line-number",
        "--sort", "path", "--no-require-git", "--no-ignore-parent", "--no-ignore-global", "--no-messages",
        "--no-config"));
    rg.addAll(flags);
    rg.addAll(List.of("-e", pattern, root.toString()));
    PeerTools.Run expected = PeerTools.run(rg);
    assertThat(expected.exit()).as(expected.err()).isIn(0, 1);
    List<String> ours = new ArrayList<>(List.of("grep", "--sort"));
    ours.addAll(flags);
    ours.addAll(List.of("--", pattern, root.toString()));
    InProcessCli.Result actual = InProcessCli.run(ours.toArray(String[]::new));
    assertThat(actual.err()).isEmpty();
    assertThat(actual.out()).isEqualTo(expected.out());
    assertThat(actual.exit()).isEqualTo(expected.exit());
  }

  @Test
  void someCasesMatchALotAndSomeNothing() throws Exception {
    assertThat(InProcessCli.run("grep", "-c", "alpha", root.toString()).out().lines().count()).isGreaterThan(100);
    InProcessCli.Result none = InProcessCli.run("grep", "no such words", root.toString());
    assertThat(none.out()).isEmpty();
    assertThat(none.exit()).isEqualTo(1);
  }

  @Test
  void parallelListingsHoldRipgrepsFilesAndAFileRootNamesItself() throws Exception {
    for (String mode : List.of("-l", "-c")) {
      PeerTools.Run rg = PeerTools.run(List.of("rg", "--no-require-git", "--no-ignore-parent", "--no-ignore-global",
          "--no-messages", "--no-config", "-F", mode, "kappa lambda", root.toString()));
      InProcessCli.Result ours = InProcessCli.run("grep", "-j", "2", "-F", mode, "kappa lambda", root.toString());
      assertThat(ours.out().lines().sorted().toList()).isEqualTo(rg.out().lines().sorted().toList());
      assertThat(ours.out().lines().count()).isGreaterThan(10);
    }
    Path file = root.resolve("long.txt");
    assertThat(InProcessCli.run("grep", "-F", "-l", "lambda", file.toString()).out()).isEqualTo(file + "\n");
    assertThat(InProcessCli.run("grep", "-F", "-c", "lambda", file.toString()).out()).isEqualTo(file + ":1\n");
  }

  @Test
  void parallelOrderKeepsEachFileTogether() throws Exception {
    InProcessCli.Result sorted = InProcessCli.run("grep", "--sort", "-C", "1", "lambda", root.toString());
    InProcessCli.Result parallel = InProcessCli.run("grep", "-j", "2", "-C", "1", "lambda", root.toString());
    assertThat(blocks(parallel.out())).containsExactlyInAnyOrderElementsOf(blocks(sorted.out()));
  }

  /** The output split per file (each file's lines are contiguous). */
  private static List<String> blocks(String out) {
    List<String> blocks = new ArrayList<>();
    String current = null;
    StringBuilder sb = new StringBuilder();
    for (String line : out.split("\n")) {
      if (line.equals("--")) {
        continue;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?\\.(?:txt|md))[:-]\\d+[:-]").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      String file = m.group(1);
      if (!file.equals(current)) {
        if (current != null) {
          blocks.add(sb.toString());
        }
        sb.setLength(0);
        current = file;
      }
      sb.append(line).append('\n');
    }
    blocks.add(sb.toString());
    return blocks;
  }

  @Test
  void badRegexIsAUsageErrorWithoutStackTrace() {
    InProcessCli.Result r = InProcessCli.run("grep", "a(b", root.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("safefs: grep: ").contains("bad regex").doesNotContain("Exception");
  }
}
