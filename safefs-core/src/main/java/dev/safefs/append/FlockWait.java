package dev.safefs.append;

import dev.safefs.ConflictException;
import dev.safefs.os.FileHandle;
import dev.safefs.os.LockMode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits for locks with an optional bound. flock(2) has no timeout of its own, so a bounded wait polls
 * LOCK_EX|LOCK_NB with a backoff from 1 ms to 50 ms; an unbounded wait blocks in the kernel.
 *
 * <p>The in-JVM lock always comes first: flock excludes open file descriptions, not threads, and on the portable
 * layer a second channel of the same JVM cannot wait for a FileChannel lock at all (OverlappingFileLockException).
 */
public final class FlockWait {
  private final Duration timeout;
  private final long deadline;
  private final String op;
  private final Path path;

  /** Starts the clock: both waits together take at most {@code timeout} (null: no bound). */
  public FlockWait(Duration timeout, String op, Path path) {
    this.timeout = timeout;
    this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    this.op = op;
    this.path = path;
  }

  public void lock(ReentrantLock jvmLock) throws IOException {
    try {
      if (timeout == null) {
        jvmLock.lockInterruptibly();
      } else if (!jvmLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOut("another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(op + ": " + path + ": interrupted while waiting for the lock");
    }
  }

  public void lock(FileHandle fh) throws IOException {
    if (timeout == null && fh.lock(LockMode.EXCLUSIVE, true)) {
      return;
    }
    // A bounded wait; or the portable layer, where a lock held through another channel of this JVM cannot be
    // waited for and is polled like a bounded wait.
    long sleepMicros = 1000;
    while (!fh.lock(LockMode.EXCLUSIVE, false)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut("another process");
      }
      try {
        TimeUnit.MICROSECONDS.sleep(Math.min(sleepMicros, TimeUnit.NANOSECONDS.toMicros(left) + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(op + ": " + path + ": interrupted while waiting for the lock");
      }
      sleepMicros = Math.min(sleepMicros * 2, 50_000);
    }
  }

  private ConflictException timedOut(String holder) {
    return new ConflictException(op, path, "lock not acquired within " + human(timeout) + " (held by " + holder
        + ")");
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0 || ms == 0) {
      return ms + "ms";
    }
    return ms / 1000 + "s";
  }
}
