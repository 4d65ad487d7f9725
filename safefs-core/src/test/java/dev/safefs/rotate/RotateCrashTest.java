package dev.safefs.rotate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.os.Os;
import dev.safefs.testing.ChildJvm;
import dev.safefs.testing.Modes;
import dev.safefs.write.TempNames;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments while a child JVM loops "append numbered lines to FILE (O_APPEND), rotate". After every
 * kill the recovery runs (on alternate kills an explicit {@link Rotator#recover}, or simply the next rotation), and
 * then: every line ever appended is present exactly once, in order, across the generations (oldest first, gzip
 * decompressed) and FILE; the generations are numbered 1..n with one name each; no two names share an inode; no temp
 * is left. Three files take turns: plain with keep 1000 (nothing may be dropped), compressed with keep 1000, and
 * compressed with keep 3 (the oldest are dropped: what is left must be an unbroken run of lines ending at the newest).
 *
 * <p>Child JVM start-up dominates the time, so the portable pass kills fewer times than the native one (the protocol
 * is the same; the OS layers differ in how a no-replace rename is done, which recovery must handle).
 */
class RotateCrashTest {
  static final int KILLS = "portable".equals(System.getProperty("safefs.os")) ? 30 : 102;
  static final int BIG_KEEP = 1000;
  static final int SMALL_KEEP = 3;
  static final int RESET_AFTER = 30; // generations; keeps each rotation's shift short

  @TempDir
  Path tmp;

  /** One rotated file and what the test knows of it. */
  static final class Subject {
    final Path dir;
    final Path file;
    final int keep;
    final boolean compress;
    long first = 1; // the first line that must still be present (for the big keep)
    long next = 1; // the next line number to append
    int mostGenerations;
    long droppedLines; // lines legitimately dropped with the oldest generations (keep 3)

    Subject(Path dir, int keep, boolean compress) throws IOException {
      this.dir = Files.createDirectories(dir);
      this.file = dir.resolve("app.log");
      this.keep = keep;
      this.compress = compress;
    }
  }

  @Test
  void sigkillDuringAppendAndRotateNeverLosesOrDuplicatesAGeneration() throws Exception {
    List<Subject> subjects = List.of(
        new Subject(tmp.resolve("plain"), BIG_KEEP, false),
        new Subject(tmp.resolve("gzip"), BIG_KEEP, true),
        new Subject(tmp.resolve("gzip-keep3"), SMALL_KEEP, true));
    Random random = new Random(20261121);
    Rotator rotator = new Rotator(Os.get());
    int recoveredSomething = 0;
    int twinsBeforeRecovery = 0;
    Map<String, Integer> recoveryKinds = new TreeMap<>();
    long startNs = System.nanoTime();
    // two children start up ahead of their turn while the current one runs: start-up dominates otherwise
    java.util.ArrayDeque<Child> ahead = new java.util.ArrayDeque<>();
    ahead.add(Child.start(tmp));
    ahead.add(Child.start(tmp));
    try {
      for (int kill = 0; kill < KILLS; kill++) {
        Subject s = subjects.get(kill % subjects.size());
        Child c = ahead.poll();
        ahead.add(Child.start(tmp));
        c.go(s);
        Thread.sleep(random.nextInt(60));
        long spin = random.nextInt(3_000_000);
        for (long t = System.nanoTime(); System.nanoTime() - t < spin; ) {
          Thread.onSpinWait();
        }
        c.kill();
        if (!Files.exists(s.file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && generationNames(s).isEmpty()) {
          // killed before its first append: nothing to recover, and nothing may have been lost
          assertThat(s.next).as("kill %d: lines were appended, yet no file is left", kill).isEqualTo(s.first);
          continue;
        }
        twinsBeforeRecovery += checkTwinsBeforeRecovery(s, kill);
        RotateResult r = kill % 2 == 0 ? rotator.recover(s.file, s.keep, s.compress)
            : rotator.rotate(s.file, s.keep, s.compress);
        if (!r.recovered().isEmpty()) {
          recoveredSomething++;
          for (String what : r.recovered()) {
            recoveryKinds.merge(what.replaceAll(" \\S*app\\.log\\S*", " X").replaceAll(",.*", ""), 1, Integer::sum);
          }
        }
        verify(s, kill);
        if (generationNames(s).size() > RESET_AFTER) {
          try (var entries = Files.list(s.dir)) {
            for (Path e : entries.toList()) {
              Files.delete(e);
            }
          }
          s.first = s.next;
        }
      }
    } finally {
      for (Child c : ahead) {
        c.process.destroyForcibly();
      }
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs);
    System.out.printf("RotateCrashTest (%s): %d kills in %d s; %d left something to recover: %s; %d twins"
        + " (same content) before recovery; most generations: %s; lines dropped by keep 3: %d%n",
        Os.get().name(), KILLS, seconds, recoveredSomething, recoveryKinds, twinsBeforeRecovery,
        subjects.stream().map(x -> x.mostGenerations).toList(), subjects.get(2).droppedLines);
    for (Subject s : subjects) {
      assertThat(s.next).as("the children appended lines to %s", s.file).isGreaterThan(KILLS / 3);
    }
    assertThat(subjects.get(0).mostGenerations).as("rotations happened").isGreaterThan(1);
    assertThat(subjects.get(2).droppedLines).as("keep 3 dropped the oldest generations").isPositive();
  }

  /**
   * What a kill leaves before any recovery: where two names hold one generation, they hold the same content (a
   * {@code .gz} published whole beside its source, or one inode under two names), never two different versions.
   */
  private static int checkTwinsBeforeRecovery(Subject s, int kill) throws IOException {
    Map<Integer, List<String>> byNumber = new TreeMap<>();
    for (String n : generationNames(s)) {
      byNumber.computeIfAbsent(Generation.parse("app.log", n).number(), k -> new ArrayList<>()).add(n);
    }
    int twins = 0;
    for (List<String> forms : byNumber.values()) {
      if (forms.size() == 2) {
        twins++;
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        readLines(s.dir.resolve(forms.get(0)), forms.get(0).endsWith(".gz"), a, "kill " + kill);
        readLines(s.dir.resolve(forms.get(1)), forms.get(1).endsWith(".gz"), b, "kill " + kill);
        assertThat(a).as("kill %d: %s holds what %s holds", kill, forms.get(0), forms.get(1)).isEqualTo(b);
      }
    }
    return twins;
  }

  private void verify(Subject s, int kill) throws IOException {
    String at = "kill " + kill + " in " + s.dir.getFileName();
    List<String> names = new ArrayList<>();
    try (var entries = Files.list(s.dir)) {
      entries.forEach(e -> names.add(e.getFileName().toString()));
    }
    assertThat(names).as("%s: no temp is left after recovery", at).noneMatch(TempNames::isTemp);
    assertThat(names).as("%s: the live file exists", at).contains("app.log");
    TreeMap<Integer, Generation> gens = new TreeMap<>();
    for (String n : names) {
      if (n.equals("app.log")) {
        continue;
      }
      Generation g = Generation.parse("app.log", n);
      assertThat(g).as("%s: unexpected name %s", at, n).isNotNull();
      Generation twin = gens.put(g.number(), g);
      assertThat(twin).as("%s: two files hold generation %d: %s", at, g.number(), names).isNull();
    }
    if (!gens.isEmpty()) {
      assertThat(gens.lastKey()).as("%s: generations numbered 1..n without a gap: %s", at, names)
          .isEqualTo(gens.size());
    }
    assertThat(gens.size()).as("%s: at most keep generations", at).isLessThanOrEqualTo(s.keep);
    Map<Long, String> inodes = new HashMap<>();
    for (String n : names) {
      String other = inodes.put(Modes.inode(s.dir.resolve(n)), n);
      assertThat(other).as("%s: %s and %s are one inode", at, n, other).isNull();
    }
    // the lines, oldest first
    List<Long> numbers = new ArrayList<>();
    for (Generation g : gens.descendingMap().values()) {
      if (s.compress) {
        assertThat(g.compressed()).as("%s: generation %d compressed iff it is 2 or older", at, g.number())
            .isEqualTo(g.number() >= 2);
      }
      readLines(s.dir.resolve(g.name("app.log")), g.compressed(), numbers, at);
    }
    readLines(s.file, false, numbers, at);
    if (numbers.isEmpty()) {
      assertThat(s.next).as("%s: lines were appended since the last reset but none is left", at)
          .isEqualTo(s.first);
      return;
    }
    long firstLeft = numbers.getFirst();
    for (int i = 1; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).as("%s: line after %d (lost or duplicated line)", at, numbers.get(i - 1))
          .isEqualTo(numbers.get(i - 1) + 1);
    }
    long last = numbers.getLast();
    assertThat(last).as("%s: the newest lines survive", at).isGreaterThanOrEqualTo(s.next - 1);
    if (s.keep == BIG_KEEP) {
      assertThat(firstLeft).as("%s: nothing may be dropped with keep %d", at, s.keep).isEqualTo(s.first);
    } else {
      assertThat(firstLeft).as("%s: only the oldest are dropped", at).isGreaterThanOrEqualTo(s.first);
      s.droppedLines += firstLeft - s.first;
      s.first = firstLeft;
    }
    s.next = last + 1;
    s.mostGenerations = Math.max(s.mostGenerations, gens.size());
  }

  private static void readLines(Path p, boolean gz, List<Long> sink, String at) throws IOException {
    byte[] raw = Files.readAllBytes(p);
    if (gz) {
      try (var in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        raw = in.readAllBytes();
      }
    }
    String text = new String(raw, StandardCharsets.US_ASCII);
    if (text.isEmpty()) {
      return;
    }
    assertThat(text).as("%s: %s ends with a whole line", at, p.getFileName()).endsWith("\n");
    for (String line : text.split("\n")) {
      assertThat(line).as("%s: %s holds whole lines", at, p.getFileName()).matches("line [0-9]+");
      sink.add(Long.parseLong(line.substring(5)));
    }
  }

  private static List<String> generationNames(Subject s) throws IOException {
    try (var entries = Files.list(s.dir)) {
      return entries.map(e -> e.getFileName().toString()).filter(n -> Generation.parse("app.log", n) != null)
          .toList();
    }
  }

  /** A child JVM started ahead of its turn. */
  record Child(Process process, BufferedReader out, Path errLog) {
    static Child start(Path tmp) throws IOException {
      Path errLog = Files.createTempFile(tmp, "child-", "-err.txt");
      List<String> cmd = ChildJvm.command(List.of("-Xmx48m"), RotateChild.class, tmp.toString());
      Process p = new ProcessBuilder(cmd).redirectError(errLog.toFile()).start();
      return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
          errLog);
    }

    void go(Subject s) throws IOException {
      assertThat(out.readLine()).as("child start-up; stderr: %s", readQuietly(errLog)).isEqualTo("ready");
      process.getOutputStream().write(("go " + s.file + " " + s.next + " " + s.keep + " " + s.compress + "\n")
          .getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    void kill() throws InterruptedException {
      assertThat(process.isAlive()).as("the child must still be looping; stderr: %s", readQuietly(errLog)).isTrue();
      process.toHandle().destroyForcibly(); // SIGKILL
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
