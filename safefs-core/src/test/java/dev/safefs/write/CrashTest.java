package dev.safefs.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.SafeFs;
import dev.safefs.testing.ChildJvm;
import dev.safefs.testing.Modes;
import dev.safefs.testing.WriteChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments while a child JVM replaces a multi-megabyte file over and over: every time, the target
 * holds exactly the last committed version or the one being committed, never a torn or mixed file; and after
 * recover no temp is left.
 */
class CrashTest {
  /**
   * 200 kills on the native layer; the portable pass (same protocol, NIO calls) does fewer, to keep the suite's time
   * in bounds: a child JVM start is most of each kill's cost.
   */
  static final int KILLS = "portable".equals(System.getProperty("safefs.os")) ? 60 : 200;
  static final int SIZE = 2 << 20;

  @TempDir
  Path tmp;

  @Test
  void sigkillNeverLeavesATornFileAndRecoverRemovesEveryTemp() throws Exception {
    Path target = tmp.resolve("data.bin");
    Random random = new Random(42);
    long lastSeenOnDisk = 0;
    int sawTempBeforeRecover = 0;
    int landedMidCommit = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      // each child numbers its versions on from the last one on disk, so every version is unique
      long start = lastSeenOnDisk + 1;
      List<String> cmd = ChildJvm.command(List.of("-Xmx64m"), WriteChild.class, "loop", target.toString(),
          Integer.toString(SIZE), Long.toString(start));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      long committed = 0;
      if (kill % 10 != 0) {
        // most kills land while the writer is busy: after its first commit, somewhere in the next few
        String first = out.readLine();
        assertThat(first).startsWith("committed ");
        committed = Long.parseLong(first.substring("committed ".length()));
        Thread.sleep(random.nextInt(50));
      }
      long busy = random.nextInt(2_000_000);
      for (long t = System.nanoTime(); System.nanoTime() - t < busy; ) {
        Thread.onSpinWait();
      }
      p.toHandle().destroyForcibly(); // SIGKILL, keeping our end of its stdout readable
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (String line; (line = out.readLine()) != null; ) {
        committed = Long.parseLong(line.substring("committed ".length()));
      }
      if (Files.exists(target)) {
        long version = WriteChild.Version.verify(Files.readAllBytes(target));
        assertThat(version).as("kill %d: the file must be one whole version", kill).isPositive();
        // the last version whose commit returned, or the next one if the kill hit after its rename
        long expectedOld = committed > 0 ? committed : lastSeenOnDisk;
        long inFlight = committed > 0 ? committed + 1 : start;
        assertThat(version).as("kill %d (last committed %d)", kill, committed).isIn(expectedOld, inFlight);
        if (version == inFlight) {
          landedMidCommit++;
        }
        lastSeenOnDisk = version;
      } else {
        assertThat(lastSeenOnDisk).as("a file once published never disappears").isZero();
        assertThat(committed).as("a commit returned, so the file exists").isZero();
      }
      if (!Modes.temps(tmp).isEmpty()) {
        sawTempBeforeRecover++;
      }
      var report = SafeFs.recover(tmp);
      assertThat(report.errors()).isEmpty();
      assertThat(Modes.temps(tmp)).as("kill %d: no temp after recover", kill).isEmpty();
    }
    // the kills really landed mid-write: most of them left a temp for recover to remove
    assertThat(sawTempBeforeRecover).isGreaterThan(KILLS / 4);
    System.out.printf("crash test: %d kills, %d left a temp, %d landed between rename and return, last v%d%n",
        KILLS, sawTempBeforeRecover, landedMidCommit, lastSeenOnDisk);
  }
}
