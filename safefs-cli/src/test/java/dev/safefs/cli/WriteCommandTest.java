package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.testing.ChildJvm;
import dev.safefs.testing.Modes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCommandTest {
  @TempDir
  Path tmp;

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
  }

  @Test
  void stdinReplacesTheFileAndJsonDescribesIt() throws Exception {
    Path f = tmp.resolve("out.txt");
    var r = Cli.run("first\n", "write", f.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("{\"path\":\"" + f + "\",\"bytes\":6,\"sha256\":\"" + sha256("first\n")
        + "\",\"replaced\":false}");
    assertThat(r.err()).isEmpty();
    assertThat(f).hasContent("first");
    r = Cli.run("second\n", "write", "--json", f.toString());
    assertThat(r.out()).contains("\"replaced\":true");
    assertThat(f).hasContent("second");
    r = Cli.run("quiet\n", "write", f.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void sortIntoTheSameFileIsSafe() throws Exception {
    Path f = tmp.resolve("list");
    Files.writeString(f, "c\na\nb\n".repeat(20000));
    var r = ChildJvm.run(List.of("sh", "-c", "sort '" + f + "' | " + Cli.shell("write", f.toString())), null, 120);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(f)).isEqualTo("a\n".repeat(20000) + "b\n".repeat(20000) + "c\n".repeat(20000));
  }

  @Test
  void modeCreateOnlyAndCompareAndSwap() throws Exception {
    Path f = tmp.resolve("f");
    assertThat(Cli.run("x", "write", "--mode", "640", "--create-only", f.toString()).exitCode()).isZero();
    assertThat(Modes.mode(f)).isEqualTo(0640);
    var r = Cli.run("y", "write", "--create-only", f.toString());
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).isEqualTo("safefs: write: " + f + ": already exists (create-only)\n");
    assertThat(f).hasContent("x");
    r = Cli.run("y", "write", "--if-sha256", sha256("not x"), f.toString());
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).startsWith("safefs: write: " + f + ": content changed").doesNotContain("\tat ");
    assertThat(f).hasContent("x");
    r = Cli.run("y", "write", "--if-sha256", sha256("x").toUpperCase(), "--no-fsync", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(f).hasContent("y");
    assertThat(Modes.mode(f)).isEqualTo(0640);
  }

  @Test
  void usageErrorsExit2WithOneLineAndAHint() throws Exception {
    for (String[] args : List.of(new String[] {"write"}, new String[] {"write", "--mode", "999", "f"},
        new String[] {"write", "--if-sha256", "xyz", "f"}, new String[] {"write", "--bogus", "f"},
        new String[] {"frobnicate"}, new String[] {})) {
      var r = Cli.run("", args);
      assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).startsWith("safefs: ").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
    }
    assertThat(tmp.resolve("f")).doesNotExist();
    // the command's name once: "safefs: write: ..." for a command, "safefs: ..." for the root
    assertThat(Cli.run("", "write", "--bogus", "f").err()).startsWith("safefs: write: Unknown option: '--bogus'");
    assertThat(Cli.run("", "frobnicate").err())
        .isEqualTo("safefs: Unmatched argument at index 0: 'frobnicate'\nTry 'safefs --help'.\n");
  }

  @Test
  void aMissingDirectoryIsExit3AndDebugAddsTheStackTrace() throws Exception {
    Path f = tmp.resolve("no/such/dir/f");
    var r = Cli.run("x", "write", f.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).startsWith("safefs: write: " + f + ": ").endsWith("No such file or directory\n");
    assertThat(r.err().lines()).hasSize(1);
    r = Cli.run("x", "write", "--debug", f.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("NotFoundException").contains("\tat ");
  }

  @Test
  void aDirectoryTargetIsAClearError() throws Exception {
    var r = Cli.run("x", "write", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("safefs: write: " + tmp + ": is a directory\n");
  }

  @Test
  void permissionDeniedIsExit4() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("locked"));
    Path f = dir.resolve("f");
    Files.writeString(f, "original");
    List<String> cmd;
    if (Modes.isRoot()) {
      // root writes anywhere: run the CLI as nobody, from a copy of the classpath nobody can read
      Path cp = NobodyClasspath.copy(tmp.resolve("cp"));
      Modes.chmod(tmp, 0755);
      cmd = NobodyClasspath.asNobody(cp, "write", f.toString());
    } else {
      Modes.chmod(dir, 0555);
      cmd = Cli.command("write", f.toString());
    }
    var r = ChildJvm.run(cmd, "x".getBytes(), 120);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
    assertThat(r.err()).startsWith("safefs: write: " + f + ": create temp").contains("Permission denied");
    assertThat(f).hasContent("original");
    assertThat(Modes.temps(dir)).isEmpty();
    Modes.chmod(dir, 0755);
  }

  @Test
  void recoverReportsWhatItRemoved() throws Exception {
    Path stale = tmp.resolve(".f.999999999-00ff.safefs-tmp");
    Files.writeString(stale, "left by a killed writer");
    var r = Cli.run("", "recover", "--json", "--state", tmp.resolve("state").toString(), tmp.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).startsWith("{\"path\":\"" + tmp + "\",").endsWith("}")
        .contains("\"removed\":[\"" + stale + "\"]").contains("\"kept\":[]").contains("\"errors\":[]");
    assertThat(stale).doesNotExist();
    r = Cli.run("", "recover", "--state", tmp.resolve("state").toString(), tmp.resolve("missing").toString());
    assertThat(r.exitCode()).isEqualTo(3);
  }

  @Test
  void helpAndVersion() throws Exception {
    var r = Cli.run("", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("write").contains("recover");
    r = Cli.run("", "--version");
    assertThat(r.out()).startsWith("safefs ");
  }
}
