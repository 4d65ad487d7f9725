package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OpsCommandsTest {

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  private static Run inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Commands that read standard input run in a child JVM. */
  private static Run child(String stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void durationsAndSizesParseStrictly() {
    assertThat(DurationConverter.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(DurationConverter.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationConverter.parse("2w")).isEqualTo(Duration.ofDays(14));
    for (String bad : new String[] {"", "30", "d", "1.5h", "-1d", "30 d", "30D", "5sec", "99999999999999999999d"}) {
      assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("invalid duration");
    }
    assertThat(SizeConverter.parse("1G")).isEqualTo(1L << 30);
    assertThat(SizeConverter.parse("500M")).isEqualTo(500L << 20);
    assertThat(SizeConverter.parse("10k")).isEqualTo(10240L);
    assertThat(SizeConverter.parse("4096")).isEqualTo(4096L);
    assertThat(SizeConverter.parse("2T")).isEqualTo(2L << 40);
    for (String bad : new String[] {"", "1.5G", "G", "-1", "1GB", "1 G", "9999999999999999999T", "1Q"}) {
      assertThatThrownBy(() -> SizeConverter.parse(bad)).as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("invalid size");
    }
  }

  @Test
  void purgeWithoutAConditionIsAUsageError() {
    Run r = inProcess("purge", tmp.toString(), "--glob", "*.log", "--apply");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("safefs: purge: no condition given");
    Run bad = inProcess("purge", tmp.toString(), "--older-than", "30");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("invalid duration '30'");
    Run size = inProcess("purge", tmp.toString(), "--max-total-size", "1.5G");
    assertThat(size.code()).isEqualTo(2);
    assertThat(size.err()).contains("invalid size '1.5G'").doesNotContain("Exception");
  }

  @Test
  void purgeDryRunListsWhatApplyRemovesAndJsonSaysTheSame() throws Exception {
    Path old = Files.writeString(Files.createDirectories(tmp.resolve("r/a")).resolve("old.log"), "12345");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
    Path fresh = Files.writeString(tmp.resolve("r/a/new.log"), "x");
    Run dry = inProcess("purge", tmp.resolve("r").toString(), "--older-than", "30d", "--glob", "*.log");
    assertThat(dry.code()).isZero();
    assertThat(dry.out()).isEqualTo(old + "\n");
    assertThat(dry.err()).contains("would remove 1 files (5 bytes)");
    assertThat(old).exists();
    Run apply = inProcess("purge", tmp.resolve("r").toString(), "--older-than", "30d", "--glob", "*.log",
        "--apply", "--json");
    assertThat(apply.code()).isZero();
    assertThat(apply.out().trim()).isEqualTo("{\"dryRun\":false,\"files\":1,\"bytes\":5,\"scanned\":2,\"removed\":"
        + "[{\"path\":\"" + old + "\",\"bytes\":5}],\"removedDirs\":[],\"skipped\":[]}");
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void appendLinesThenATornTailIsRefusedAndRepaired() throws Exception {
    Path log = tmp.resolve("a.log");
    Run a = child("one\ntwo\nthree", "append", log.toString(), "--json");
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(a.out().trim()).isEqualTo("{\"records\":3,\"bytes\":14}".replace("{", "{\"path\":\"" + log + "\","));
    assertThat(Files.readString(log)).isEqualTo("one\ntwo\nthree\n");
    Files.writeString(log, "half", java.nio.file.StandardOpenOption.APPEND);
    Run torn = child("four\n", "append", log.toString());
    assertThat(torn.code()).isEqualTo(5);
    assertThat(torn.err()).startsWith("safefs: append: " + log + ": the last record is torn (4 bytes");
    Run repair = child("", "append", log.toString(), "--repair", "--json");
    assertThat(repair.code()).as(repair.err()).isZero();
    assertThat(repair.out()).contains("\"repaired\":true,\"tornBytes\":4");
    assertThat(Files.readString(log)).isEqualTo("one\ntwo\nthree\n");
    Run whole = child("multi\nline", "append", log.toString(), "--whole", "--no-fsync");
    assertThat(whole.code()).isZero();
    assertThat(Files.readString(log)).isEqualTo("one\ntwo\nthree\nmulti\nline\n");
  }

  @Test
  void secretIs0600AndAWorldWritableDirectoryNeedsForce() throws Exception {
    Path s = tmp.resolve("token");
    Run r = child("hunter2", "secret", s.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(s)).isEqualTo("hunter2");
    assertThat(((Integer) Files.getAttribute(s, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0777).isEqualTo(0600);
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Run refused = child("x", "secret", shared.resolve("s").toString());
    assertThat(refused.code()).isEqualTo(4);
    assertThat(refused.err()).contains("world-writable").contains("--force");
    assertThat(child("x", "secret", shared.resolve("s").toString(), "--force").code()).isZero();
  }
}
