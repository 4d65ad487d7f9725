package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability protocol as the kernel sees it, on both OS layers: the temp is created exclusively without
 * following symlinks, fsynced before the rename, and the directory fsynced after it. strace must be installed
 * (.ci/run installs it); without it this test fails rather than passing unchecked.
 */
class StraceOrderTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"native", "portable"})
  void fsyncOfTheTempThenRenameThenFsyncOfTheDirectory(String layer) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path target = dir.resolve("target.txt");
    Files.writeString(target, "old");
    Path log = tmp.resolve("strace.log");
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-o", log.toString(),
        "-e", "trace=openat,open,fsync,fdatasync,rename,renameat,renameat2"));
    cmd.addAll(ChildJvm.command(List.of("-Dsafefs.os=" + layer), Main.class, "write", target.toString()));
    var r = ChildJvm.run(cmd, "new content\n".getBytes(), 120);
    assertThat(r.exitCode()).as("strace run: " + r.err()).isZero();
    assertThat(target).hasContent("new content");

    List<String> lines = Files.readAllLines(log);
    String d = Pattern.quote(dir.toString());
    Pattern create = Pattern.compile("open(at)?\\(.*\"(" + d + "/)?(\\.target\\.txt\\.[^\"]+\\.safefs-tmp)\".*O_CREAT.*"
        + "O_EXCL.*\\) = (\\d+)");
    int createdAt = -1;
    String tempName = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = create.matcher(lines.get(i));
      if (m.find()) {
        createdAt = i;
        tempName = m.group(3);
        break;
      }
    }
    assertThat(tempName).as("the temp's exclusive creation in:\n" + String.join("\n", lines)).isNotNull();
    // O_CREAT|O_EXCL never follows a symlink (open(2)); the native layer says O_NOFOLLOW as well, NIO does not
    assertThat(lines.get(createdAt)).contains("O_EXCL").contains("0600");
    if (layer.equals("native")) {
      assertThat(lines.get(createdAt)).contains("O_NOFOLLOW");
    }

    int fsyncTemp = indexOf(lines, createdAt, "fsync\\(\\d+<" + d + "/" + Pattern.quote(tempName) + ">\\) = 0");
    int rename = indexOf(lines, createdAt, "rename(at2?)?\\(.*" + Pattern.quote(tempName) + ".*target\\.txt.*\\) = 0");
    int fsyncDir = indexOf(lines, Math.max(rename, 0), "fsync\\(\\d+<" + d + ">\\) = 0");
    String trace = String.join("\n", lines.subList(createdAt, lines.size()));
    assertThat(fsyncTemp).as("fsync(temp) in:\n" + trace).isPositive();
    assertThat(rename).as("rename in:\n" + trace).isGreaterThan(fsyncTemp);
    assertThat(fsyncDir).as("fsync(directory) after the rename in:\n" + trace).isGreaterThan(rename);
  }

  @org.junit.jupiter.api.Test
  void anAppendWritesUnderTheFlockAndWaitsForFdatasyncAfterReleasingIt() throws Exception {
    // the lock covers the tail check and the write (records whole); the disk wait comes after the unlock, so other
    // appenders write meanwhile, and the command returns only after its fdatasync
    Path log = tmp.resolve("shared.log");
    Files.writeString(log, "first\n");
    Path trace = tmp.resolve("strace-append.log");
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-o", trace.toString(),
        "-e", "trace=flock,write,pwrite64,fdatasync,fsync"));
    cmd.addAll(ChildJvm.command(List.of("-Dsafefs.os=native"), Main.class, "append", log.toString()));
    var r = ChildJvm.run(cmd, "second\n".getBytes(), 120);
    assertThat(r.exitCode()).as("strace run: " + r.err()).isZero();
    assertThat(log).hasContent("first\nsecond");
    List<String> lines = Files.readAllLines(trace);
    String f = "\\d+<" + Pattern.quote(log.toString()) + ">";
    int lock = indexOf(lines, 0, "flock\\(" + f + ", LOCK_EX\\) = 0");
    int write = indexOf(lines, Math.max(lock, 0), "write\\(" + f + ", \"second\\\\n\", 7\\) = 7");
    int unlock = indexOf(lines, Math.max(write, 0), "flock\\(" + f + ", LOCK_UN\\) = 0");
    int sync = indexOf(lines, Math.max(unlock, 0), "fdatasync\\(" + f + "\\) = 0");
    String all = String.join("\n", lines);
    assertThat(lock).as("flock(LOCK_EX) in:\n" + all).isNotNegative();
    assertThat(write).as("the record written under the lock in:\n" + all).isGreaterThan(lock);
    assertThat(unlock).as("flock(LOCK_UN) after the write in:\n" + all).isGreaterThan(write);
    assertThat(sync).as("fdatasync after the unlock in:\n" + all).isGreaterThan(unlock);
  }

  private static int indexOf(List<String> lines, int from, String regex) {
    Pattern p = Pattern.compile(regex);
    for (int i = from; i < lines.size(); i++) {
      if (p.matcher(lines.get(i)).find()) {
        return i;
      }
    }
    return -1;
  }
}
