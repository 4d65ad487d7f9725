package dev.safefs.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safefs.InvalidInputException;
import dev.safefs.os.Os;
import dev.safefs.testutil.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class RotatorTest {

  @TempDir
  Path tmp;

  private final Os os = Os.get();

  @Test
  void shiftsGenerationsCreatesAnEmptyFileWithTheOldModeAndDropsTheOldest() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.writeString(log, "gen-a\n");
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r-----"));
    Rotator r = new Rotator(os);
    r.rotate(log, 2, false, null);
    Files.writeString(log, "gen-b\n");
    r.rotate(log, 2, false, null);
    Files.writeString(log, "gen-c\n");
    RotateResult res = r.rotate(log, 2, false, null);
    assertThat(res.generations()).containsExactly(tmp.resolve("app.log.1"), tmp.resolve("app.log.2"));
    assertThat(res.removed()).containsExactly(tmp.resolve("app.log.2"));
    assertThat(Files.readString(tmp.resolve("app.log.1"))).isEqualTo("gen-c\n");
    assertThat(Files.readString(tmp.resolve("app.log.2"))).isEqualTo("gen-b\n");
    assertThat(Files.size(log)).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-r-----");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("app.log", "app.log.1", "app.log.2");
    }
  }

  @Test
  void compressedGenerationsAreWholeGzips() throws Exception {
    Path log = tmp.resolve("c.log");
    Rotator r = new Rotator(os);
    for (int i = 0; i < 4; i++) {
      Files.writeString(log, ("line " + i + "\n").repeat(1000));
      r.rotate(log, 3, true, null);
    }
    assertThat(gunzip(tmp.resolve("c.log.1.gz"))).isEqualTo(("line 3\n").repeat(1000));
    assertThat(gunzip(tmp.resolve("c.log.3.gz"))).isEqualTo(("line 1\n").repeat(1000));
    assertThat(tmp.resolve("c.log.4.gz")).doesNotExist();
    assertThat(tmp.resolve("c.log.1")).doesNotExist();
  }

  @Test
  void recoveryCompletesEachInterruptedState() throws Exception {
    Path log = tmp.resolve("s.log");
    Files.writeString(log, "current\n");
    // state 1: linked to FILE.1, new FILE not yet published
    Files.createLink(tmp.resolve("s.log.1"), log);
    // state 2: plain and gz of generation 2
    Files.writeString(tmp.resolve("s.log.2"), "two\n");
    gzip(tmp.resolve("s.log.2.gz"), "two\n");
    // a gap: no 3, then 4; and a dead rotation's temp
    Files.writeString(tmp.resolve("s.log.4"), "four\n");
    Files.writeString(tmp.resolve(".s.log.999-abc.rotate.safefs-tmp"), "junk");
    RotateResult res = new Rotator(os).recover(log);
    assertThat(res.recovered()).hasSize(4);
    assertThat(Files.size(log)).isZero();
    assertThat(Files.readString(tmp.resolve("s.log.1"))).isEqualTo("current\n");
    assertThat(gunzip(tmp.resolve("s.log.2.gz"))).isEqualTo("two\n");
    assertThat(Files.readString(tmp.resolve("s.log.3"))).isEqualTo("four\n");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("s.log", "s.log.1", "s.log.2.gz", "s.log.3");
    }
    assertThat(new Rotator(os).recover(log).recovered()).isEmpty();
  }

  @Test
  void keepBelowOneAndMissingFilesAreClearErrors() {
    assertThatThrownBy(() -> new Rotator(os).rotate(tmp.resolve("x"), 0, false, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--keep must be at least 1");
    assertThatThrownBy(() -> new Rotator(os).rotate(tmp.resolve("missing.log"), 3, false, null))
        .isInstanceOf(dev.safefs.NotFoundException.class).hasMessageStartingWith("rotate: " + tmp.resolve("missing.log"));
  }

  /**
   * A child JVM appends numbered lines and rotates every few lines, and is SIGKILLed at random moments, 100 times.
   * After each kill, recovery runs and the generations must hold consecutive lines, oldest to newest, each exactly
   * once, through the last acknowledged line; the oldest line may only move on when {@code keep} generations exist.
   * Native layer only: what it checks is the rotation protocol, and the portable layer cannot fstat (see
   * LockedAppender), so an appender there would not follow a rotation.
   */
  @Test
  void sigkillAtRandomMomentsNeverLosesOrDuplicatesAGeneration() throws Exception {
    assumeTrue(os.name().equals("linux"), "protocol test, native layer only (see the javadoc)");
    Path log = tmp.resolve("crash.log");
    Files.writeString(log, "");
    int keep = 4;
    Random rnd = new Random(42);
    long next = 1;
    long prevMin = -1;
    long prevMax = -1;
    java.util.Set<Long> prevStarts = new java.util.HashSet<>();
    int kills = 0;
    int rotationsSeen = 0;
    while (kills < 100) {
      boolean compress = kills % 4 != 3;
      Process p = ChildJvm.builder(RotateChild.class, log.toString(), "" + next, "" + keep, "" + compress, "3")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      InputStream in = p.getInputStream();
      // wait for the first acknowledgement (the JVM is up), then kill a random moment later
      long acked = readAck(in, -1);
      assertThat(acked).as("child started and appended").isGreaterThanOrEqualTo(next);
      Thread.sleep(rnd.nextInt(40));
      p.toHandle().destroyForcibly(); // SIGKILL (Process.destroyForcibly would also close our end of the pipe)
      p.waitFor(10, TimeUnit.SECONDS);
      acked = Math.max(acked, readAck(in, acked));
      kills++;

      new Rotator(os).recover(log);
      List<long[]> gens = generations(log); // oldest first: {first, last}
      long min = Long.MAX_VALUE;
      long expect = -1;
      for (long[] g : gens) {
        if (g[0] == 0) {
          continue; // an empty generation (a file that was rotated before any line)
        }
        if (expect >= 0) {
          assertThat(g[0]).as("kill %d: generations continue without gap or repeat: %s", kills, describe(gens))
              .isEqualTo(expect);
        }
        min = Math.min(min, g[0]);
        expect = g[1] + 1;
      }
      long max = expect - 1;
      assertThat(max).as("kill %d: the last acknowledged line %d is kept", kills, acked).isGreaterThanOrEqualTo(acked);
      assertThat(gens.size() - 1).as("kill %d: at most keep generations", kills).isLessThanOrEqualTo(keep);
      if (prevMin >= 0 && min > prevMin) {
        // the oldest generations go only when newer ones fill keep (keep - 1 when the kill came right after the
        // removal and before the shift), and only whole: the new oldest line starts a generation seen before
        assertThat(gens.size() - 1).as("kill %d: old lines dropped only beyond keep generations", kills)
            .isGreaterThanOrEqualTo(keep - 1);
        if (min <= prevMax) {
          assertThat(prevStarts).as("kill %d: whole generations dropped, new oldest %d", kills, min).contains(min);
        }
      }
      prevStarts.clear();
      for (long[] g : gens) {
        if (g[0] != 0) {
          prevStarts.add(g[0]);
        }
      }
      rotationsSeen = Math.max(rotationsSeen, gens.size() - 1);
      prevMin = min == Long.MAX_VALUE ? prevMin : min;
      next = max + 1;
      prevMax = max;
      try (Stream<Path> s = Files.list(tmp)) {
        assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith(".")).toList())
            .as("no temps after recovery").isEmpty();
      }
    }
    assertThat(next).isGreaterThan(300);
    assertThat(rotationsSeen).isEqualTo(keep);
  }

  private static String describe(List<long[]> gens) {
    StringBuilder sb = new StringBuilder();
    for (long[] g : gens) {
      sb.append('[').append(g[0]).append("..").append(g[1]).append(']');
    }
    return sb.toString();
  }

  /** Reads acknowledgements: blocks for the first one when {@code last} is -1, else drains what is there. */
  private static long readAck(InputStream in, long last) throws IOException {
    StringBuilder line = new StringBuilder();
    long acked = last;
    int c;
    while (true) {
      if (last >= 0 && in.available() == 0) {
        // after the kill: everything written is already in the pipe; read to EOF
        c = in.read();
      } else {
        c = in.read();
      }
      if (c < 0) {
        return acked;
      }
      if (c == '\n') {
        acked = Long.parseLong(line.toString());
        line.setLength(0);
        if (last < 0) {
          return acked;
        }
      } else {
        line.append((char) c);
      }
    }
  }

  /** Each generation's first and last line, oldest first, ending with FILE itself; checks lines are consecutive. */
  private static List<long[]> generations(Path log) throws IOException {
    List<long[]> out = new ArrayList<>();
    for (int k = 50; k >= 1; k--) {
      Path plain = log.resolveSibling(log.getFileName() + "." + k);
      Path gz = log.resolveSibling(log.getFileName() + "." + k + ".gz");
      assertThat(Files.exists(plain) && Files.exists(gz)).as("generation %d under one name", k).isFalse();
      if (Files.exists(plain)) {
        out.add(range(Files.readString(plain)));
      } else if (Files.exists(gz)) {
        out.add(range(gunzip(gz)));
      }
    }
    out.add(range(Files.readString(log)));
    return out;
  }

  private static long[] range(String content) {
    if (content.isEmpty()) {
      return new long[] {0, 0};
    }
    assertThat(content).endsWith("\n");
    String[] lines = content.split("\n");
    long first = Long.parseLong(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      assertThat(Long.parseLong(lines[i])).isEqualTo(first + i);
    }
    return new long[] {first, first + lines.length - 1};
  }

  private static String gunzip(Path p) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void gzip(Path p, String s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(b)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    Files.write(p, b.toByteArray());
  }
}
