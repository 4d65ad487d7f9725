package dev.safefs.append;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Timeout(60)
class LockedAppenderTest {

  @TempDir
  Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void appendsRecordsWithANewlineEach() throws Exception {
    Path log = tmp.resolve("a.log");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults())) {
      a.append(b("one"));
      a.append(b("two\n"));
      a.append(b("three\nfour"));
    }
    assertThat(Files.readString(log)).isEqualTo("one\ntwo\nthree\nfour\n");
  }

  @Test
  void newFileTakesTheCreateModeUnderTheUmask() throws Exception {
    Path log = tmp.resolve("m.log");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults().withCreateMode(0640))) {
      a.append(b("x"));
    }
    int umask = Os.get().umask();
    assertThat(Os.get().stat(null, log.toString(), false).mode()).isEqualTo(0640 & ~umask);
  }

  @Test
  void sixteenThreadsWithGroupCommitLoseNothingAndShareFsyncs() throws Exception {
    Path log = tmp.resolve("g.log");
    int threads = 16;
    int each = 200;
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults())) {
      List<Thread> ts = new ArrayList<>();
      AtomicReference<Throwable> error = new AtomicReference<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        ts.add(Thread.ofPlatform().start(() -> {
          try {
            for (int i = 0; i < each; i++) {
              a.append(b("t" + tt + " " + i + " " + "y".repeat(40)));
            }
          } catch (Throwable e) {
            error.set(e);
          }
        }));
      }
      for (Thread t : ts) {
        t.join();
      }
      assertThat(error.get()).isNull();
      // the leader waits for the threads its last commit released: most commits carry most of the threads (a leader
      // that did not wait got about 5 records per fsync, half the threads alternating with the other half)
      assertThat(a.commits()).isLessThanOrEqualTo(threads * each / 8);
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(threads * each);
    Set<String> unique = new HashSet<>(lines);
    assertThat(unique).hasSize(threads * each);
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        assertThat(unique).contains("t" + t + " " + i + " " + "y".repeat(40));
      }
    }
  }

  @Test
  void perRecordModeWithManyThreadsKeepsEveryLineWhole() throws Exception {
    Path log = tmp.resolve("p.log");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults().withGroupCommit(false)
        .withFsync(false))) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int tt = t;
        ts.add(Thread.ofPlatform().start(() -> {
          try {
            for (int i = 0; i < 300; i++) {
              a.append(b("t" + tt + "-" + i + "-" + "z".repeat(100)));
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }));
      }
      for (Thread t : ts) {
        t.join();
      }
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1200).allMatch(l -> l.matches("t\\d-\\d+-z{100}"));
  }

  @Test
  void twoAppendersOfOneJvmOnOneFileExcludeEachOther() throws Exception {
    Path log = tmp.resolve("two.log");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults().withFsync(false));
        LockedAppender c = LockedAppender.open(log, AppendOptions.defaults().withFsync(false))) {
      Thread t1 = Thread.ofPlatform().start(() -> loop(a, "a"));
      Thread t2 = Thread.ofPlatform().start(() -> loop(c, "c"));
      t1.join();
      t2.join();
    }
    assertThat(Files.readAllLines(log)).hasSize(1000).allMatch(l -> l.matches("[ac]\\d+"));
  }

  private static void loop(LockedAppender a, String tag) {
    try {
      for (int i = 0; i < 500; i++) {
        a.append(b(tag + i));
      }
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void lockTimeoutIsAClearConflict() throws Exception {
    Path log = tmp.resolve("held.log");
    Files.writeString(log, "first\n");
    Os os = Os.get();
    // Another holder: a thread with its own descriptor and the flock (the portable layer can only be held this way
    // within one JVM when the in-JVM lock is free, so the holder is another thread holding both).
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread holder = Thread.ofPlatform().start(() -> {
      java.util.concurrent.locks.ReentrantLock jvm = dev.safefs.write.PathLocks.of(log.toAbsolutePath());
      jvm.lock();
      try (Dir d = os.openDir(tmp); FileHandle fh = os.open(d, "held.log", Os.Access.READ_WRITE, false)) {
        fh.lock(LockMode.EXCLUSIVE, true);
        held.countDown();
        release.await();
      } catch (Exception e) {
        throw new RuntimeException(e);
      } finally {
        jvm.unlock();
      }
    });
    held.await();
    long start = System.nanoTime();
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults()
        .withLockTimeout(Duration.ofMillis(300)))) {
      assertThatThrownBy(() -> a.append(b("second")))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("lock not acquired within 300ms");
    } finally {
      release.countDown();
      holder.join();
    }
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5000L);
    assertThat(Files.readString(log)).isEqualTo("first\n");
  }

  @Test
  void aFailedGroupCommitReachesEveryWriterOfTheBatchAndNoneIsLeftWaiting() throws Exception {
    // a torn tail (an IOException) and a close under the writers (an IllegalStateException from the commit): each
    // thread of the batch gets the failure, and every thread ends
    for (boolean close : new boolean[] {false, true}) {
      Path log = tmp.resolve("fail-" + close + ".log");
      Files.writeString(log, close ? "" : "torn");
      LockedAppender a = LockedAppender.open(log, AppendOptions.defaults());
      List<Thread> ts = new ArrayList<>();
      java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.concurrent.atomic.AtomicInteger appended = new java.util.concurrent.atomic.AtomicInteger();
      for (int t = 0; t < 8; t++) {
        ts.add(Thread.ofPlatform().start(() -> {
          try {
            for (int i = 0; i < 200; i++) {
              a.append(b("record " + i));
              appended.incrementAndGet();
            }
          } catch (Exception e) {
            failures.add(e);
          }
        }));
      }
      if (close) {
        while (appended.get() < 20) {
          Thread.onSpinWait();
        }
        a.close();
      }
      for (Thread t : ts) {
        t.join(10_000);
        assertThat(t.isAlive()).as("a writer still waiting after the failure").isFalse();
      }
      assertThat(failures).hasSize(8);
      if (close) {
        assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed"));
      } else {
        assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(ConflictException.class)
            .hasMessageContaining("torn"));
        assertThat(Files.readString(log)).isEqualTo("torn");
        a.close();
      }
    }
  }

  @Test
  void tornTailRefusesAppendAndRepairMovesOnlyThePartialLineAside() throws Exception {
    Path log = tmp.resolve("torn.log");
    Files.writeString(log, "whole 1\nwhole 2\npart");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults())) {
      assertThatThrownBy(() -> a.append(b("next")))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("torn (4 bytes after the last newline)")
          .hasMessageContaining("--repair");
      assertThat(Files.readString(log)).isEqualTo("whole 1\nwhole 2\npart");
      RepairResult r = a.repair();
      assertThat(r.repaired()).isTrue();
      assertThat(r.tornBytes()).isEqualTo(4);
      assertThat(r.keptBytes()).isEqualTo(16);
      assertThat(Files.readString(r.sideFile())).isEqualTo("part");
      assertThat(r.sideFile().getFileName().toString()).startsWith("torn.log.torn-");
      assertThat(Files.readString(log)).isEqualTo("whole 1\nwhole 2\n");
      assertThat(a.repair().repaired()).isFalse();
      a.append(b("next"));
    }
    assertThat(Files.readString(log)).isEqualTo("whole 1\nwhole 2\nnext\n");
    try (var s = Files.list(tmp)) {
      assertThat(s.count()).isEqualTo(2);
    }
  }

  @Test
  void repairOfAFileWithNoNewlineAtAllMovesEverything() throws Exception {
    Path log = tmp.resolve("none.log");
    Files.writeString(log, "no newline here");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults())) {
      RepairResult r = a.repair();
      assertThat(r.tornBytes()).isEqualTo(15);
      assertThat(Files.readString(r.sideFile())).isEqualTo("no newline here");
    }
    assertThat(Files.size(log)).isZero();
  }

  @Test
  void afterTheFileIsRenamedAwayTheNextRecordGoesToTheNewFile() throws Exception {
    Path log = tmp.resolve("r.log");
    try (LockedAppender a = LockedAppender.open(log, AppendOptions.defaults())) {
      a.append(b("before"));
      Files.move(log, tmp.resolve("r.log.1"));
      Files.writeString(log, "");
      a.append(b("after"));
    }
    assertThat(Files.readString(tmp.resolve("r.log.1"))).isEqualTo("before\n");
    assertThat(Files.readString(log)).isEqualTo("after\n");
  }

  @Test
  void aDirectoryAtThePathIsRefused() throws Exception {
    Files.createDirectory(tmp.resolve("d"));
    try (LockedAppender a = LockedAppender.open(tmp.resolve("d"), AppendOptions.defaults())) {
      assertThatThrownBy(() -> a.append(b("x"))).isInstanceOf(dev.safefs.SafeFsException.class)
          .hasMessageStartingWith("append: " + tmp.resolve("d"));
    }
  }
}
