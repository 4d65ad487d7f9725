package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.testing.Modes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code safefs rotate} (run in-process: it reads no stdin) and {@code safefs secret} (a child JVM, fed stdin). */
class RotateSecretCommandsTest {
  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void rotateRotatesAndDescribesItInJson() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.writeString(log, "one\n");
    Run r = run("rotate", log.toString(), "--keep", "2", "--compress", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("{\"path\":\"" + log + "\",\"rotated\":true,\"generations\":[\"" + log
        + ".1\"],\"removed\":[],\"compressed\":[],\"recovered\":[]}");
    Files.writeString(log, "two\n");
    assertThat(run("rotate", log.toString(), "--keep", "2", "--compress").out()).isEmpty();
    Files.writeString(log, "three\n");
    r = run("rotate", log.toString(), "--keep", "2", "--compress", "--json");
    assertThat(r.out()).contains("\"removed\":[\"" + log + ".3.gz\"]").contains("\"compressed\":[\"" + log
        + ".2.gz\"]");
    assertThat(Files.readString(tmp.resolve("app.log.1"))).isEqualTo("three\n");
    assertThat(Files.exists(tmp.resolve("app.log.2.gz"))).isTrue();
    assertThat(Files.exists(tmp.resolve("app.log.3.gz"))).isFalse();
  }

  @Test
  void rotateBadInputIsAClearErrorWithExitCode() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.writeString(log, "x");
    Run r = run("rotate", log.toString(), "--keep", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("safefs: rotate: --keep must be at least 1 (got 0)\n");
    r = run("rotate", log.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("safefs: rotate: Missing required option: '--keep=N'");
    r = run("rotate", log.toString(), "--keep", "many");
    assertThat(r.code()).isEqualTo(2);
    Path link = Files.createSymbolicLink(tmp.resolve("link.log"), log);
    r = run("rotate", link.toString(), "--keep", "3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("safefs: rotate: " + link
        + ": is a symbolic link; refusing to rotate through it (rotate the file it points to)\n");
    r = run("rotate", tmp.resolve("none.log").toString(), "--keep", "3");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("safefs: rotate: " + tmp.resolve("none.log") + ": No such file or directory\n");
    r = run("rotate", tmp.toString(), "--keep", "3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a regular file (directory)");
    assertThat(Files.readString(log)).isEqualTo("x");
    assertThat(Files.exists(tmp.resolve("app.log.1"))).isFalse();
  }

  @Test
  void helpOfBothCommands() {
    assertThat(run("rotate", "--help").out()).contains("--keep=N", "--compress", "delaycompress");
    assertThat(run("secret", "--help").out()).contains("--force", "0600", "exit 4");
  }

  @Test
  void secretWritesStdinAt0600AndRefusesAnUnsafeDirectoryWithExit4() throws Exception {
    Path priv = Files.createDirectory(tmp.resolve("priv"));
    Modes.chmod(priv, 0700);
    Path key = priv.resolve("key");
    Files.writeString(key, "old");
    Modes.chmod(key, 0644);
    var r = Cli.run("s3cret\n", "secret", key.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"bytes\":7", "\"mode\":\"0600\"", "\"replaced\":true");
    assertThat(Modes.mode(key)).isEqualTo(0600);
    assertThat(key).hasContent("s3cret");

    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Modes.chmod(shared, 01777);
    Path other = shared.resolve("key");
    r = Cli.run("s3cret\n", "secret", other.toString());
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).startsWith("safefs: secret: " + other + ": parent directory " + shared
        + " is group- and world-writable (mode 1777) (sticky, like /tmp:").endsWith("(use --force to write anyway)\n");
    assertThat(Files.exists(other, LinkOption.NOFOLLOW_LINKS)).isFalse();
    r = Cli.run("s3cret\n", "secret", "--force", other.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Modes.mode(other)).isEqualTo(0600);
  }
}
