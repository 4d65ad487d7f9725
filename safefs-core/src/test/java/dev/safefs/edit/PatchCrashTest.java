package dev.safefs.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.SafeFs;
import dev.safefs.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments while a child JVM applies multi-file patches (updates, a delete and an add each) in a
 * loop: after transaction recovery every file of the tree is at the same generation with exactly one marker file,
 * never a mix of two patches, and no temp is left. The generation never goes back past a reported commit.
 *
 * <p>Runs 100 kills on the native pass (half of the children on the native layer, half on the portable one: JVM
 * start-up dominates the test's time) and 20 on the portable pass, to stay within the test-time budget.
 */
class PatchCrashTest {

  @TempDir
  Path tmp;

  @Test
  void everyMultiFilePatchIsAllOrNothingAcrossSigkill() throws Exception {
    int kills = "portable".equals(System.getProperty("safefs.os")) ? 20 : 100;
    Path root = Files.createDirectories(tmp.resolve("tree"));
    Path state = tmp.resolve("state");
    for (int f = 0; f < PatchCrashChild.FILES; f++) {
      Files.writeString(root.resolve("f" + f + ".txt"), PatchCrashChild.content(f, 0));
    }
    Files.writeString(root.resolve("marker-0"), "0\n");
    Random random = new Random(7);
    long t0 = System.nanoTime();
    long lastCommitted = 0;
    int rolledForward = 0;
    int discarded = 0;
    int advancedUnreported = 0;
    for (int kill = 0; kill < kills; kill++) {
      // a class-data archive made by the first child makes every later child start faster
      // a class-data archive made by the first child makes every later child start faster; on the native pass
      // every other child runs the portable layer (its start-up is shorter, and start-up dominates this test)
      String os = kill % 2 == 0 ? System.getProperty("safefs.os", "native") : "portable";
      List<String> cmd = ChildJvm.command(List.of("-Xmx64m", "-XX:+AutoCreateSharedArchive",
          "-XX:SharedArchiveFile=" + tmp.resolve("child-" + os + ".jsa"), "-Xlog:cds=off",
          "-Xlog:cds+dynamic=off", "-Dsafefs.os=" + os), PatchCrashChild.class, root.toString(), state.toString());
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      if (kill % 4 == 0) {
        Thread.sleep(random.nextInt(150)); // before or during the first patch
      } else {
        String first = out.readLine(); // after a first patch, somewhere in the next ones
        assertThat(first).startsWith("committed ");
        lastCommitted = Math.max(lastCommitted, Long.parseLong(first.substring("committed ".length())));
        Thread.sleep(random.nextInt(40));
      }
      p.toHandle().destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("committed ")) {
          lastCommitted = Math.max(lastCommitted, Long.parseLong(line.substring("committed ".length())));
        }
      }
      var report = SafeFs.recoverTransactions(state);
      rolledForward += report.rolledForward().size();
      discarded += report.discarded().size();
      assertThat(report.problems()).isEmpty();

      TreeSet<Long> generations = new TreeSet<>();
      for (int f = 0; f < PatchCrashChild.FILES; f++) {
        long g = PatchCrashChild.generation(root, f);
        generations.add(g);
        assertThat(Files.readString(root.resolve("f" + f + ".txt"))).isEqualTo(PatchCrashChild.content(f, g));
      }
      assertThat(generations).as("kill %d: every file at one generation", kill).hasSize(1);
      long g = generations.first();
      assertThat(names(root)).as("kill %d: the marker of that generation only, no temp", kill)
          .containsExactlyInAnyOrder("f0.txt", "f1.txt", "f2.txt", "f3.txt", "marker-" + g);
      assertThat(Files.readString(root.resolve("marker-" + g))).isEqualTo(g + "\n");
      assertThat(g).as("a reported commit is never lost").isBetween(lastCommitted, lastCommitted + 1);
      if (g == lastCommitted + 1) {
        advancedUnreported++;
      }
      lastCommitted = g;
    }
    // the kills did land in the middle of patches, not only between them
    assertThat(lastCommitted).isGreaterThan(kills / 2);
    System.out.printf("patch crash: %.1f s; ", (System.nanoTime() - t0) / 1e9);
    System.out.printf("patch crash: %d kills, generation %d, %d rolled forward, %d discarded, %d committed"
        + " but unreported%n", kills, lastCommitted, rolledForward, discarded, advancedUnreported);
  }

  private static List<String> names(Path dir) throws java.io.IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.map(x -> x.getFileName().toString()).toList());
    }
  }
}
