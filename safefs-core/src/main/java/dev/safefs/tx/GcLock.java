package dev.safefs.tx;

import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the blob collector away from blobs that are stored but not yet referenced by a durable record: writers hold
 * it shared from storing a blob until their record is durable; the collector holds it exclusive. In-JVM a
 * read-write lock, across processes an flock on {@code gc.lock} taken once per JVM.
 */
final class GcLock {
  private final Os os;
  private final Dir dir;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final Object sync = new Object();
  private FileHandle file;
  private int readers;

  GcLock(Os os, Dir dir) {
    this.os = os;
    this.dir = dir;
  }

  void lockShared() throws IOException {
    rw.readLock().lock();
    synchronized (sync) {
      try {
        if (readers == 0) {
          file = os.openOrCreate(dir, "gc.lock", Os.Access.READ_WRITE, 0600);
          mustLock(file, LockMode.SHARED);
        }
        readers++;
      } catch (IOException | RuntimeException e) {
        closeFile();
        rw.readLock().unlock();
        throw e;
      }
    }
  }

  void unlockShared() throws IOException {
    try {
      synchronized (sync) {
        if (--readers == 0) {
          closeFile();
        }
      }
    } finally {
      rw.readLock().unlock();
    }
  }

  void lockExclusive() throws IOException {
    rw.writeLock().lock();
    synchronized (sync) {
      try {
        file = os.openOrCreate(dir, "gc.lock", Os.Access.READ_WRITE, 0600);
        mustLock(file, LockMode.EXCLUSIVE);
      } catch (IOException | RuntimeException e) {
        closeFile();
        rw.writeLock().unlock();
        throw e;
      }
    }
  }

  void unlockExclusive() throws IOException {
    try {
      synchronized (sync) {
        closeFile();
      }
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Waits for a lock; the portable layer reports a lock held elsewhere in this JVM as false instead of waiting. */
  static void mustLock(FileHandle f, LockMode mode) throws IOException {
    if (!f.lock(mode, true)) {
      throw new IOException(f.path() + ": lock is held by another handle in this JVM");
    }
  }

  private void closeFile() throws IOException {
    if (file != null) {
      FileHandle f = file;
      file = null;
      f.close(); // closing drops the flock
    }
  }
}
