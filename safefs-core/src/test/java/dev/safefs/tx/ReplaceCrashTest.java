package dev.safefs.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.safefs.Hashes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM doing recorded replaces ({@link RecordedReplace}: record written before the rename, flushed after it)
 * is SIGKILLed at random moments; after each kill, recovery runs, and then: each file holds the content of its last
 * replace the child saw finish or of the one it was doing; the journal's newest entry of a file exists exactly when
 * the file holds that entry's after-content (a record whose rename never happened is dropped, one whose rename
 * happened is kept); no pending record or blob link is left; every blob an entry needs holds the content its name
 * says (the hard link to a replaced inode is never written again); and undo of the newest entry gives back the
 * content before it. Native and portable OS layers alternate, as in {@link TxCrashTest}.
 */
class ReplaceCrashTest {
  private static final int KILLS = 60;

  @TempDir Path tmp;

  @Test
  void aRecordExistsExactlyWhenItsReplaceWasPublishedAfterSigkillAndRecovery() throws Exception {
    assumeFalse("portable".equals(System.getProperty("safefs.os")),
        "crash test runs on the native pass only (see TxCrashTest)");
    Path base = tmp;
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      base = Files.createTempDirectory(shm, "safefs-replace-crash-");
    }
    try {
      series(base, System.nanoTime());
    } finally {
      if (!base.equals(tmp)) {
        try (Stream<Path> s = Files.walk(base)) {
          for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private void series(Path base, long seed) throws Exception {
    Path work = Files.createDirectories(base.resolve("work"));
    Path state = base.resolve("state");
    Path log = base.resolve("log");
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Long> model = new HashMap<>(); // file -> seq of its content (-1: restored by an undo, see below)
    Map<String, byte[]> restored = new HashMap<>();
    long seq = 0;
    int midApplied = 0;
    int midNotApplied = 0;
    int undos = 0;
    String java = ProcessHandle.current().info().command().orElse("java");
    int kill = 0;
    // at least KILLS kills, and on until kills both before and after a rename were seen
    for (; kill < KILLS || ((midApplied == 0 || midNotApplied == 0) && kill < 2 * KILLS); kill++) {
      Files.deleteIfExists(log);
      Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dsafefs.os=" + (kill % 3 == 0 ? "native" : "portable"),
          "-cp", System.getProperty("java.class.path"), ReplaceCrashChild.class.getName(),
          work.toString(), state.toString(), log.toString(), Long.toString(seq))
          .redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      if (!"ready".equals(ready)) {
        p.destroyForcibly();
        fail("child did not start (seed " + seed + "): " + ready);
      }
      TimeUnit.MICROSECONDS.sleep(r.nextInt(150_000));
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
      assertThat(p.exitValue()).as("killed, not ended").isEqualTo(137);

      Journal journal = Journal.open(state); // recovers
      assertThat(journal.lastRecovery().problems()).isEmpty();
      long begun = -1;
      for (String line : Files.exists(log) ? Files.readAllLines(log) : List.<String>of()) {
        String[] f = line.split(" ");
        long s = Long.parseLong(f[1]);
        if (f[0].equals("begin")) {
          begun = s;
        } else {
          model.put(ReplaceCrashChild.file(s), s);
          seq = s + 1;
        }
      }
      if (begun == seq) {
        String name = ReplaceCrashChild.file(seq);
        byte[] actual = Files.exists(work.resolve(name)) ? Files.readAllBytes(work.resolve(name)) : null;
        if (Arrays.equals(actual, ReplaceCrashChild.content(seq))) {
          model.put(name, seq);
          midApplied++;
        } else {
          midNotApplied++;
        }
        seq++;
      }
      for (int f = 0; f < ReplaceCrashChild.FILES; f++) {
        String name = "r" + f;
        Path file = work.resolve(name);
        Long s = model.get(name);
        byte[] expected = s == null ? null : s < 0 ? restored.get(name) : ReplaceCrashChild.content(s);
        byte[] actual = Files.exists(file) ? Files.readAllBytes(file) : null;
        assertThat(actual).as("content of %s after kill %d (seed %d)", name, kill, seed).isEqualTo(expected);
        JournalEntry newest = journal.history(1, file).entries().stream().findFirst().orElse(null);
        if (s != null) {
          assertThat(newest).as("newest entry of %s (kill %d, seed %d)", name, kill, seed).isNotNull();
          assertThat(newest.changes().getFirst().after()).as("its after-content (kill %d, seed %d)", kill, seed)
              .isEqualTo(Hashes.sha256(actual));
        }
      }
      Journal.History h = journal.history(0, null);
      assertThat(h.problems()).isEmpty();
      for (JournalEntry e : h.entries()) {
        for (PathChange c : e.changes()) {
          if (c.before() != null) {
            Path blob = state.resolve("blobs").resolve(c.before());
            assertThat(blob).as("blob of %s (kill %d, seed %d)", e.id(), kill, seed).exists();
            assertThat(Hashes.sha256(Files.readAllBytes(blob))).isEqualTo(c.before());
          }
        }
      }
      try (Stream<Path> s = Files.list(state.resolve("blobs"))) {
        assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".link") || n.endsWith(".pending")))
            .as("pending records or blob links left after recovery").isEmpty();
      }
      if (kill % 10 == 9) { // undo the newest replace: its file gets back the content before it
        JournalEntry newest = h.entries().getFirst();
        PathChange c = newest.changes().getFirst();
        journal.undo(newest.id(), false);
        String name = c.path().getFileName().toString();
        byte[] now = Files.exists(c.path()) ? Files.readAllBytes(c.path()) : null;
        assertThat(now == null ? null : Hashes.sha256(now)).as("undo of %s (seed %d)", newest.id(), seed)
            .isEqualTo(c.before());
        if (now == null) {
          model.remove(name);
        } else {
          model.put(name, -1L);
          restored.put(name, now);
        }
        undos++;
      }
    }
    System.out.printf("replace crash test: %d kills, %d replaces, %d kills mid-replace (%d published, %d not), "
        + "%d undos (seed %d)%n", kill, seq, midApplied + midNotApplied, midApplied, midNotApplied, undos, seed);
    assertThat(midApplied).as("kills after the rename, before the replace returned").isPositive();
    assertThat(midNotApplied).as("kills before the rename").isPositive();
  }
}
