package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read, find, ls and tree from the command line: output, exit codes, one-line errors. */
class ReadFindCommandsTest {
  @TempDir
  Path dir;

  private Path numbered(int n) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append("line ").append(i).append('\n');
    }
    Path p = dir.resolve("f.txt");
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void readWindowWithNumbersAndNextHint() throws Exception {
    Path p = numbered(30);
    InProcessCli.Result r = InProcessCli.run("read", p.toString(), "--offset", "9", "--limit", "2", "--numbers");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(" 9|line 9\n10|line 10\n");
    assertThat(r.err()).isEqualTo("safefs: read: " + p + ": showing lines 9-10 of 30; next window: offset 11\n");
  }

  @Test
  void readHeadTailAndJson() throws Exception {
    Path p = numbered(30);
    assertThat(InProcessCli.run("read", p.toString(), "--head", "2").out()).isEqualTo("line 1\nline 2\n");
    assertThat(InProcessCli.run("read", p.toString(), "--tail", "2", "-n").out()).isEqualTo("29|line 29\n30|line 30\n");
    String json = InProcessCli.run("read", p.toString(), "--offset", "30", "--json").out();
    assertThat(json).contains("\"firstLine\":30", "\"totalLines\":30", "\"truncated\":false",
        "\"lines\":[\"line 30\"]");
    assertThat(InProcessCli.run("read", p.toString(), "--head", "1", "--tail", "1").exit()).isEqualTo(2);
  }

  @Test
  void readRefusesBinaryFifoAndMissingWithExitCodes() throws Exception {
    Path bin = dir.resolve("b.gz");
    Files.write(bin, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
    InProcessCli.Result r = InProcessCli.run("read", bin.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("safefs: read: " + bin + ": binary file (gzip archive, 10 bytes); not shown\n");
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    InProcessCli.Result f = InProcessCli.run("read", fifo.toString());
    assertThat(f.exit()).isEqualTo(2);
    assertThat(f.err()).contains("is a FIFO");
    assertThat(InProcessCli.run("read", dir.resolve("nope").toString()).exit()).isEqualTo(3);
  }

  private void tree() throws Exception {
    Files.createDirectories(dir.resolve("t/a/b"));
    Files.createDirectories(dir.resolve("t/.git"));
    Files.writeString(dir.resolve("t/a/b/x.csv"), "x");
    Files.writeString(dir.resolve("t/a/y.csv"), "yy");
    Files.writeString(dir.resolve("t/a/z.log"), "zzz");
    Files.writeString(dir.resolve("t/.gitignore"), "*.log\n");
    Files.writeString(dir.resolve("t/top.txt"), "tttt");
  }

  @Test
  void findPrintsRootedPathsAndHonoursFilters() throws Exception {
    tree();
    String t = dir.resolve("t").toString();
    InProcessCli.Result r = InProcessCli.run("find", t, "--glob", "*.csv");
    assertThat(r.exit()).isZero();
    assertThat(new TreeSet<>(r.out().lines().toList())).containsExactly(t + "/a/b/x.csv", t + "/a/y.csv");
    assertThat(InProcessCli.run("find", t, "--sort").out()).isEqualTo(String.join("\n", List.of(t + "/a", t + "/a/b",
        t + "/a/b/x.csv", t + "/a/y.csv", t + "/top.txt")) + "\n");
    assertThat(InProcessCli.run("find", t + "/", "--sort", "--type", "d", "--hidden", "--no-ignore").out())
        .isEqualTo(t + "/.git\n" + t + "/a\n" + t + "/a/b\n");
    assertThat(InProcessCli.run("find", t, "--sort", "--max-depth", "1").out()).isEqualTo(t + "/a\n" + t + "/top.txt\n");
    assertThat(InProcessCli.run("find", t, "--sort", "--json", "--glob", "top*").out())
        .isEqualTo("{\"root\":\"" + t + "\",\"entries\":[{\"path\":\"" + t + "/top.txt\",\"type\":\"file\"}],"
            + "\"errors\":0}\n");
  }

  @Test
  void findOnAMissingRootIsNotFound() throws Exception {
    InProcessCli.Result missing = InProcessCli.run("find", dir.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).startsWith("safefs: find: " + dir.resolve("nope") + ": ")
        .endsWith("No such file or directory\n").hasLineCount(1);
  }

  @Test
  void lsSortsByNameOrSize() throws Exception {
    tree();
    String a = dir.resolve("t/a").toString();
    assertThat(InProcessCli.run("ls", a).out()).isEqualTo("b/\ny.csv\nz.log\n");
    assertThat(InProcessCli.run("ls", a, "--sizes", "--sort", "size").out())
        .isEqualTo("        4096  b/\n" + "           3  z.log\n" + "           2  y.csv\n");
    assertThat(InProcessCli.run("ls", a, "--sort", "weird").exit()).isEqualTo(2);
  }

  @Test
  void treeDrawsLikeTree() throws Exception {
    tree();
    String t = dir.resolve("t").toString();
    assertThat(InProcessCli.run("tree", t).out()).isEqualTo(t + "\n"
        + "├── a/\n"
        + "│   ├── b/\n"
        + "│   │   └── x.csv\n"
        + "│   └── y.csv\n"
        + "└── top.txt\n"
        + "\n2 directories, 3 files\n");
    assertThat(InProcessCli.run("tree", t, "--exclude", "b", "--max-depth", "2").out()).isEqualTo(t + "\n"
        + "├── a/\n"
        + "│   └── y.csv\n"
        + "└── top.txt\n"
        + "\n1 directory, 2 files\n");
  }
}
