package dev.safefs.tx;

import dev.safefs.Hashes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.ConflictException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on the same files serialize, in one JVM and across processes; transactions on disjoint files do
 * not wait for each other.
 */
class TxConcurrencyTest {
  @TempDir Path tmp;
  Path work;
  Path state;
  Journal journal;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectories(tmp.resolve("work"));
    state = tmp.resolve("state");
    journal = Journal.open(state);
    Files.writeString(work.resolve("a"), "0");
    Files.writeString(work.resolve("b"), "0");
  }

  /** a and b := a + 1, as a compare-and-swap transaction retried on conflict. */
  static void increment(Journal j, Path work) throws IOException {
    while (true) {
      byte[] a = Files.readAllBytes(work.resolve("a"));
      byte[] b = Files.readAllBytes(work.resolve("b"));
      byte[] next = Long.toString(Long.parseLong(new String(a, StandardCharsets.US_ASCII)) + 1)
          .getBytes(StandardCharsets.US_ASCII);
      try (Transaction tx = j.transaction()) {
        tx.write(work.resolve("a"), next, Hashes.sha256(a, 0, a.length));
        tx.write(work.resolve("b"), next, Hashes.sha256(b, 0, b.length));
        tx.commit();
        return;
      } catch (ConflictException e) {
        // another transaction got there first: read again
      }
    }
  }

  @Test
  void compareAndSwapTransactionsLoseNoUpdateAcrossThreadsAndProcesses() throws Exception {
    int perWorker = 25;
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-Dsafefs.os=" + System.getProperty("safefs.os", ""), "-cp", System.getProperty("java.class.path"),
        IncrementChild.class.getName(), work.toString(), state.toString(), Integer.toString(perWorker))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("ready");
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < perWorker; i++) {
            increment(journal, work);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(Files.readString(work.resolve("a"))).isEqualTo(Integer.toString(4 * perWorker));
    assertThat(Files.readString(work.resolve("b"))).isEqualTo(Integer.toString(4 * perWorker));
  }

  @Test
  void sameFileWaitsDisjointFilesDoNot() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      sameFileWaitsDisjointFilesDoNot(pool);
    }
  }

  private void sameFileWaitsDisjointFilesDoNot(ExecutorService pool) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // a recording holds the lock of a (as a transaction does while it commits)
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
      try (Journal.Recording _ = journal.begin("hold", List.of(work.resolve("a")))) {
        held.countDown();
        release.await();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, pool);
    assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> disjoint = CompletableFuture.runAsync(() -> commitWrite("c", "c"), pool);
    disjoint.get(30, TimeUnit.SECONDS); // completes while a is held

    CompletableFuture<Void> same = CompletableFuture.runAsync(() -> commitWrite("a", "waited"), pool);
    Thread.sleep(300);
    assertThat(same).as("a transaction on a held file waits").isNotDone();
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("0");
    release.countDown();
    holder.get(30, TimeUnit.SECONDS);
    same.get(30, TimeUnit.SECONDS);
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("waited");
  }

  private void commitWrite(String name, String content) {
    try (Transaction tx = journal.transaction()) {
      tx.write(work.resolve(name), content.getBytes(StandardCharsets.UTF_8));
      tx.commit();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void recordedTransactionsAndCollectionRunConcurrentlyWithoutLosingContents() throws Exception {
    Journal small = Journal.open(state, new Retention(6, Long.MAX_VALUE));
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Path file = work.resolve("r" + t);
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            try (Transaction tx = small.transaction("write")) {
              tx.write(file, ("version " + i).getBytes(StandardCharsets.UTF_8));
              tx.commit();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
    Journal.History h = small.history(0, null);
    assertThat(h.problems()).isEmpty();
    assertThat(h.entries().size()).isBetween(1, 6);
    for (JournalEntry e : h.entries()) {
      for (PathChange c : e.changes()) {
        if (c.before() != null) {
          assertThat(state.resolve("blobs").resolve(c.before())).as("content kept for %s", e.id()).exists();
        }
      }
    }
    small.undoAfter(h.entries().getLast().id(), false);
  }
}
