package dev.safefs.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import dev.safefs.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class PurgerTest {

  private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

  @TempDir
  Path tmp;

  private final boolean portable = !Os.get().name().equals("linux");

  private PurgeOptions base(Duration age) {
    return PurgeOptions.olderThan(age).withNow(NOW).withAllowInsecure(portable);
  }

  private static Path file(Path p, int daysOld, int bytes) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
    Files.setLastModifiedTime(p, FileTime.from(NOW.minus(Duration.ofDays(daysOld))));
    return p;
  }

  private static List<Path> paths(PurgeReport r) {
    return r.removed().stream().map(PurgeReport.Removed::path).toList();
  }

  private void tree(Path root) throws IOException {
    file(root.resolve("a/old1.log"), 40, 100);
    file(root.resolve("a/new1.log"), 2, 100);
    file(root.resolve("a/old.txt"), 40, 100);
    file(root.resolve("a/b/old2.log"), 31, 50);
    file(root.resolve("a/b/c/old3.log"), 60, 10);
    file(root.resolve("d/new2.log"), 0, 10);
    file(root.resolve("old4.log"), 35, 7);
  }

  @Test
  void dryRunReportsExactlyWhatApplyRemoves() throws Exception {
    Path root = tmp.resolve("root");
    tree(root);
    PurgeOptions o = base(Duration.ofDays(30)).withGlobs(List.of("*.log"));
    PurgeReport dry = new Purger(Os.get()).run(root, o, new PurgeProgress());
    assertThat(dry.dryRun()).isTrue();
    assertThat(Files.exists(root.resolve("a/old1.log"))).isTrue();
    PurgeReport applied = new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress());
    assertThat(applied.dryRun()).isFalse();
    assertThat(paths(applied)).isEqualTo(paths(dry)).containsExactly(
        root.resolve("a/b/c/old3.log"), root.resolve("a/b/old2.log"), root.resolve("a/old1.log"),
        root.resolve("old4.log"));
    assertThat(applied.bytes()).isEqualTo(dry.bytes()).isEqualTo(167);
    assertThat(applied.skipped()).isEqualTo(dry.skipped()).isEmpty();
    for (Path p : paths(applied)) {
      assertThat(Files.exists(p)).isFalse();
    }
    assertThat(root.resolve("a/new1.log")).exists();
    assertThat(root.resolve("a/old.txt")).exists();
    assertThat(root.resolve("d/new2.log")).exists();
    assertThat(new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress()).removed()).isEmpty();
  }

  @Test
  void theReportIsInPathOrderWithoutASortEvenForNamesThatSortAroundTheSlash() throws Exception {
    Path root = tmp.resolve("root");
    // '-' < '/' < '0' and '.' < '/': a directory's files sort around its subdirectories' paths; the non-ASCII names
    // sort by code point (UTF-8 bytes), where U+FFFD comes before a character above U+FFFF
    List<String> names = List.of("a.log", "a/x.log", "a0.log", "a-b/y.log", "a/b/z.log", "ab/c.log", "b.log",
        "\u00e9.log", "\ufffd.log", "\ud83d\ude00.log", "\ud83d\ude00/q.log", "z/\u00e9/w.log");
    for (String n : names) {
      file(root.resolve(n), 40, 3);
    }
    PurgeOptions o = base(Duration.ofDays(30)).withGlobs(List.of("*.log"));
    List<Path> sorted = names.stream().map(root::resolve).sorted().toList();
    PurgeReport dry = new Purger(Os.get()).run(root, o, new PurgeProgress());
    assertThat(paths(dry)).containsExactlyElementsOf(sorted);
    PurgeReport applied = new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress());
    assertThat(paths(applied)).containsExactlyElementsOf(sorted);
    assertThat(applied.bytes()).isEqualTo(3L * names.size());
    for (Path p : sorted) {
      assertThat(p).doesNotExist();
    }
  }

  @Test
  void namesTheGlobsRejectOnTheirBytesAreCountedAndLeftAlone() throws Exception {
    Path root = tmp.resolve("root");
    file(root.resolve("old.log"), 40, 5);
    file(root.resolve("old.LOG"), 40, 5);
    file(root.resolve("old.log.1"), 40, 5);
    file(root.resolve("x\u00e9.log"), 40, 5);
    file(root.resolve("sub/app.log"), 40, 5);
    PurgeOptions o = base(Duration.ofDays(30)).withGlobs(List.of("*.log", "app*"));
    PurgeReport applied = new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress());
    assertThat(paths(applied)).containsExactly(root.resolve("old.log"), root.resolve("sub/app.log"),
        root.resolve("x\u00e9.log"));
    assertThat(applied.scannedFiles()).isEqualTo(5);
    assertThat(root.resolve("old.LOG")).exists();
    assertThat(root.resolve("old.log.1")).exists();
  }

  @Test
  void aSizeCapPurgeRemovesAfterTheWholeTreeIsDecidedAndReportsInTheSameOrder() throws Exception {
    Path root = tmp.resolve("root");
    file(root.resolve("a/old.log"), 50, 100);
    file(root.resolve("a.log"), 40, 100);
    file(root.resolve("b/new.log"), 1, 100);
    PurgeOptions o = base(Duration.ofDays(30)).withMaxTotalSize(100L);
    PurgeReport dry = new Purger(Os.get()).run(root, o, new PurgeProgress());
    PurgeReport applied = new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress());
    assertThat(paths(applied)).isEqualTo(paths(dry)).containsExactly(root.resolve("a.log"), root.resolve("a/old.log"));
    assertThat(root.resolve("b/new.log")).exists();
  }

  @Test
  void aPurgeWithNoConditionIsRefused() {
    Path root = tmp;
    assertThatThrownBy(() -> new Purger(Os.get()).run(root, PurgeOptions.none().withGlobs(List.of("*"))
        .withAllowInsecure(true).withApply(true), new PurgeProgress()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no condition");
  }

  @Test
  void thePortableLayerIsRefusedUnlessAllowed() throws Exception {
    assertThatThrownBy(() -> new Purger(Os.portable()).run(tmp, PurgeOptions.olderThan(Duration.ofDays(1)),
        new PurgeProgress())).isInstanceOf(DeniedException.class).hasMessageContaining("portable");
  }

  @Test
  void symlinksToOutsideFilesAndDirectoriesSurvive() throws Exception {
    Path root = tmp.resolve("root");
    Path outside = tmp.resolve("outside");
    file(outside.resolve("secret.log"), 90, 5);
    file(outside.resolve("dir/deep.log"), 90, 5);
    file(root.resolve("in.log"), 90, 5);
    Files.createSymbolicLink(root.resolve("link-file.log"), outside.resolve("secret.log"));
    Files.createSymbolicLink(root.resolve("link-dir"), outside.resolve("dir"));
    Files.createSymbolicLink(root.resolve("link-outside"), outside);
    PurgeReport r = new Purger(Os.get()).run(root, base(Duration.ofDays(1)).withApply(true)
        .withRemoveEmptyDirs(true), new PurgeProgress());
    assertThat(paths(r)).containsExactly(root.resolve("in.log"));
    assertThat(outside.resolve("secret.log")).exists();
    assertThat(outside.resolve("dir/deep.log")).exists();
    assertThat(Files.isSymbolicLink(root.resolve("link-file.log"))).isTrue();
    assertThat(Files.isSymbolicLink(root.resolve("link-dir"))).isTrue();
  }

  @Test
  void protectedFilesAreNeverRemoved() throws Exception {
    Path root = tmp.resolve("root");
    tree(root);
    PurgeReport r = new Purger(Os.get()).run(root, base(Duration.ofDays(30))
        .withProtect(List.of("old1.*", "a/b/**")).withApply(true), new PurgeProgress());
    assertThat(paths(r)).containsExactly(root.resolve("a/old.txt"), root.resolve("old4.log"));
    assertThat(root.resolve("a/old1.log")).exists();
    assertThat(root.resolve("a/b/old2.log")).exists();
    assertThat(root.resolve("a/b/c/old3.log")).exists();
  }

  @Test
  void keepNewestKeepsTheNewestNOfEachDirectory() throws Exception {
    Path root = tmp.resolve("root");
    for (int i = 1; i <= 5; i++) {
      file(root.resolve("x/f" + i + ".log"), 10 * i, 1);
      file(root.resolve("y/g" + i + ".log"), 10 * i, 1);
    }
    file(root.resolve("y/z/only.log"), 100, 1);
    // Alone: everything but the newest 2 per directory.
    PurgeReport alone = new Purger(Os.get()).run(root, PurgeOptions.none().withKeepNewest(2).withNow(NOW)
        .withAllowInsecure(portable), new PurgeProgress());
    assertThat(paths(alone)).containsExactly(root.resolve("x/f3.log"), root.resolve("x/f4.log"),
        root.resolve("x/f5.log"), root.resolve("y/g3.log"), root.resolve("y/g4.log"), root.resolve("y/g5.log"));
    // With an age: older than 25 days and not among the newest 4.
    PurgeReport both = new Purger(Os.get()).run(root, base(Duration.ofDays(25)).withKeepNewest(4).withApply(true),
        new PurgeProgress());
    assertThat(paths(both)).containsExactly(root.resolve("x/f5.log"), root.resolve("y/g5.log"));
    assertThat(root.resolve("y/z/only.log")).exists();
    assertThat(root.resolve("x/f4.log")).exists();
  }

  @Test
  void sizeCapRemovesTheOldestUntilTheTotalFits() throws Exception {
    Path root = tmp.resolve("root");
    file(root.resolve("a/1.log"), 50, 1000);
    file(root.resolve("b/2.log"), 40, 1000);
    file(root.resolve("a/3.log"), 30, 1000);
    file(root.resolve("b/4.log"), 20, 1000);
    file(root.resolve("a/5.log"), 10, 1000);
    file(root.resolve("a/6.txt"), 99, 9999);
    PurgeOptions o = PurgeOptions.none().withGlobs(List.of("*.log")).withMaxTotalSize(2500L).withNow(NOW)
        .withAllowInsecure(portable);
    PurgeReport dry = new Purger(Os.get()).run(root, o, new PurgeProgress());
    PurgeReport applied = new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress());
    assertThat(paths(applied)).isEqualTo(paths(dry))
        .containsExactly(root.resolve("a/1.log"), root.resolve("a/3.log"), root.resolve("b/2.log"));
    assertThat(root.resolve("b/4.log")).exists();
    assertThat(root.resolve("a/6.txt")).exists();
    // Newest-N protects even from the cap.
    PurgeReport capKeep = new Purger(Os.get()).run(root, o.withMaxTotalSize(0L).withKeepNewest(1).withApply(true),
        new PurgeProgress());
    assertThat(paths(capKeep)).isEmpty();
  }

  @Test
  void aFileLockedByAWriterIsSkippedInDryRunAndApply() throws Exception {
    Path root = tmp.resolve("root");
    file(root.resolve("busy.log"), 90, 10);
    file(root.resolve("idle.log"), 90, 10);
    Os os = Os.get();
    try (Dir d = os.openDir(root); FileHandle fh = os.open(d, "busy.log", Os.Access.READ_WRITE, false)) {
      assertThat(fh.lock(LockMode.EXCLUSIVE, false)).isTrue();
      PurgeReport dry = new Purger(os).run(root, base(Duration.ofDays(1)), new PurgeProgress());
      PurgeReport applied = new Purger(os).run(root, base(Duration.ofDays(1)).withApply(true), new PurgeProgress());
      assertThat(paths(dry)).isEqualTo(paths(applied)).containsExactly(root.resolve("idle.log"));
      assertThat(applied.skipped()).containsExactly(
          new PurgeReport.Skipped(root.resolve("busy.log"), "locked by a running writer (flock held)"));
      assertThat(dry.skipped()).isEqualTo(applied.skipped());
    }
    assertThat(root.resolve("busy.log")).exists();
  }

  @Test
  void directoriesLeftEmptyGoOnRequestAndTheDryRunPredictsThem() throws Exception {
    Path root = tmp.resolve("root");
    file(root.resolve("e/f/old.log"), 90, 1);
    file(root.resolve("e/g/old.log"), 90, 1);
    file(root.resolve("k/new.log"), 0, 1);
    Files.createDirectories(root.resolve("already-empty"));
    PurgeOptions o = base(Duration.ofDays(1)).withRemoveEmptyDirs(true);
    PurgeReport dry = new Purger(Os.get()).run(root, o, new PurgeProgress());
    PurgeReport applied = new Purger(Os.get()).run(root, o.withApply(true), new PurgeProgress());
    assertThat(applied.removedDirs()).isEqualTo(dry.removedDirs()).containsExactlyInAnyOrder(
        root.resolve("e/f"), root.resolve("e/g"), root.resolve("e"));
    assertThat(root.resolve("e")).doesNotExist();
    assertThat(root.resolve("k/new.log")).exists();
    assertThat(root.resolve("already-empty")).exists();
    assertThat(root).exists();
  }

  @Test
  void unreadableDirectoriesAreReportedAndTheRunGoesOn() throws Exception {
    assumeTrue(!portable, "the child runs the default (native) layer; the check is about reporting, not the layer");
    Path root = tmp.resolve("root");
    file(root.resolve("open/old.log"), 90, 1);
    file(root.resolve("closed/old.log"), 90, 1);
    boolean isRoot = "root".equals(System.getProperty("user.name"));
    if (!isRoot) {
      Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("---------"));
      try {
        PurgeReport r = new Purger(Os.get()).run(root, base(Duration.ofDays(1)).withApply(true), new PurgeProgress());
        assertThat(paths(r)).containsExactly(root.resolve("open/old.log"));
        assertThat(r.skipped()).containsExactly(new PurgeReport.Skipped(root.resolve("closed"), "permission denied"));
      } finally {
        Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
      }
      return;
    }
    // As root chmod 000 denies nothing: run the purge as nobody (setpriv) over a tree nobody may write.
    assumeTrue(ChildJvm.onPath("setpriv"), "setpriv (util-linux) is needed to run the child as nobody");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        Files.setAttribute(p, "unix:uid", 65534);
      }
    }
    Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("---------"));
    List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
        "--clear-groups"));
    cmd.addAll(ChildJvm.command(PurgeChild.class, root.toString(), "apply"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assumeTrue(p.exitValue() == 0 || !out.contains("Could not find or load main class"),
        "the class path is not readable by nobody: " + out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines().toList()).containsExactly(
        "removed " + root.resolve("open/old.log"),
        "skipped " + root.resolve("closed") + " : permission denied");
    assertThat(root.resolve("open/old.log")).doesNotExist();
    Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
    assertThat(root.resolve("closed/old.log")).exists();
  }

  /**
   * A thread swaps a real directory inside the root and a symlink to an outside directory, thousands of times, while
   * purges run: the outside files always survive. Native layer only: the portable layer works by path and cannot
   * close this race, which is why it is refused without allowInsecure.
   */
  @Test
  void swappingADirectoryAndASymlinkDuringPurgesNeverReachesOutside() throws Exception {
    assumeTrue(!portable, "the portable layer works by path and cannot close this race (it is refused by default)");
    Path root = tmp.resolve("root");
    Path outside = tmp.resolve("outside");
    int outsideFiles = 50;
    for (int i = 0; i < outsideFiles; i++) {
      file(outside.resolve("victim" + i + ".log"), 90, 1);
    }
    Path a = root.resolve("a");
    Path sub = a.resolve("sub");
    Path spare = a.resolve("spare");
    Files.createDirectories(sub);
    Files.createSymbolicLink(spare, outside);
    Path swapTmp = a.resolve("swap");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger();
    java.util.concurrent.locks.ReentrantLock refill = new java.util.concurrent.locks.ReentrantLock();
    Thread swapper = Thread.ofPlatform().start(() -> {
      while (!stop.get()) {
        refill.lock();
        try {
          // exchange "sub" (a real directory) and "spare" (the symlink), back and forth
          Files.move(spare, swapTmp, StandardCopyOption.ATOMIC_MOVE);
          Files.move(sub, spare, StandardCopyOption.ATOMIC_MOVE);
          Files.move(swapTmp, sub, StandardCopyOption.ATOMIC_MOVE);
          swaps.incrementAndGet();
        } catch (IOException e) {
          throw new RuntimeException(e);
        } finally {
          refill.unlock();
        }
      }
    });
    int purges = 0;
    long removed = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
    try {
      while ((System.nanoTime() < deadline || swaps.get() < 2000) && swapper.isAlive()) {
        // refill the real directory, wherever it is now (the swapper waits meanwhile; only the purge races it)
        refill.lock();
        Path real = Files.isSymbolicLink(sub) ? spare : sub;
        for (int i = 0; i < 5; i++) {
          try {
            Path f = real.resolve("inside" + purges + "-" + i + ".log");
            Files.write(f, new byte[1], java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(f, FileTime.from(NOW.minus(Duration.ofDays(90))));
          } catch (IOException swappedMeanwhile) {
            // the name moved under us: fine, the next round refills
          }
        }
        refill.unlock();
        PurgeReport r = new Purger(Os.get()).run(root, base(Duration.ofDays(1)).withApply(true),
            new PurgeProgress());
        removed += r.files();
        purges++;
        for (int i = 0; i < outsideFiles; i++) {
          assertThat(outside.resolve("victim" + i + ".log")).as("after %d purges", purges).exists();
        }
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
    assertThat(swaps.get()).isGreaterThanOrEqualTo(2000);
    assertThat(purges).isGreaterThan(20);
    assertThat(removed).as("the purges did remove the inside files").isGreaterThan(0);
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s.count()).isEqualTo(outsideFiles);
    }
  }

  /** A filesystem mounted inside the root is not entered: a tmpfs mount (root only; skipped otherwise). */
  @Test
  void neverCrossesIntoAnotherFilesystem() throws Exception {
    Path root = tmp.resolve("root");
    file(root.resolve("here.log"), 90, 1);
    Path mnt = Files.createDirectories(root.resolve("mnt"));
    Process m = new ProcessBuilder("mount", "-t", "tmpfs", "safefs-test", mnt.toString()).redirectErrorStream(true)
        .start();
    String out = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(m.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + out);
    try {
      file(mnt.resolve("there.log"), 90, 1);
      PurgeReport r = new Purger(Os.get()).run(root, base(Duration.ofDays(1)).withApply(true), new PurgeProgress());
      assertThat(paths(r)).containsExactly(root.resolve("here.log"));
      assertThat(mnt.resolve("there.log")).exists();
      assertThat(r.skipped()).containsExactly(
          new PurgeReport.Skipped(mnt, "on another filesystem (a mount point): not crossed"));
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor();
    }
  }
}
