package dev.safefs.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Flushes that do not depend on one another, run at the same time: the caller's thread runs one, idle threads of a
 * small pool the others, and {@link #all} returns when every one has finished. Used where one protocol step must
 * make several things durable before it may go on (a recorded replace's record, blob directory and target
 * directory: see {@link CommitHook}).
 *
 * <p>Why: each fsync ends with its own cache flush of the device. On a filesystem without a journal (ext4 without
 * one, as on this project's CI machines) nothing groups them, and three fsyncs in a row cost three flushes one after
 * another; issued together, the device (or the host under a VM) serves them side by side. Measured with a C replica of
 * a recorded replace on such a machine: 864-902 us per replace with the three flushes in a row, 656-754 us with them
 * together; inside {@code safefs serve}, where the JVM's own threads share the two cores, the step takes 445-500 us
 * against 508-584 us in a row (bench/README.md, "Fourth pass"). On a journaling filesystem the first flush commits
 * what the others would, and together they cost no more than that one.
 *
 * <p>When no pool thread is idle (all busy with other callers' flushes) the caller runs the flush itself: never a
 * queue to wait in. A failure of any flush is thrown once all have finished, the others' failures suppressed in it.
 */
public final class Flushes {

  /** One flush (an fsync of a file or a directory). */
  @FunctionalInterface
  public interface Flush {
    void run() throws IOException;
  }

  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "safefs-flush");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.CallerRunsPolicy());

  private Flushes() {}

  /** Runs every flush, at the same time when it can; throws the first failure once all have finished. */
  public static void all(List<Flush> flushes) throws IOException {
    if (flushes.isEmpty()) {
      return;
    }
    List<Future<?>> others = new ArrayList<>(flushes.size() - 1);
    for (int i = 1; i < flushes.size(); i++) {
      Flush f = flushes.get(i);
      others.add(POOL.submit(() -> {
        try {
          f.run();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    Throwable failure = null;
    try {
      flushes.get(0).run();
    } catch (Throwable e) { // thrown below, once the others have finished with what they flush
      failure = e;
    }
    for (Future<?> f : others) {
      failure = merge(failure, outcome(f));
    }
    switch (failure) {
      case null -> { }
      case IOException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IOException(failure);
    }
  }

  /** What a flush on the pool threw, or null; waits for it however often this thread is interrupted. */
  private static Throwable outcome(Future<?> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return null;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          return c instanceof UncheckedIOException u ? u.getCause() : c;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Throwable merge(Throwable first, Throwable next) {
    if (next == null) {
      return first;
    }
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
