package dev.safefs.tx;

import dev.safefs.Hashes;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-path locks of transactions: a ReentrantLock serializes the threads of this JVM, and the first holder in the
 * JVM takes an flock on {@code locks/<hash of the path>} in the state directory, which serializes processes. Locks
 * are always taken in the sorted order of their keys, so two transactions cannot deadlock; transactions on disjoint
 * paths share no lock.
 */
final class TxLocks {

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    FileHandle file;
    int holds;
  }

  /** Locks held by one thread, released in reverse order. */
  final class Held implements AutoCloseable {
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();

    List<String> keys() {
      return keys;
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (int i = entries.size() - 1; i >= 0; i--) {
        Entry e = entries.get(i);
        try {
          if (--e.holds == 0) {
            try {
              e.file.unlock();
            } finally {
              FileHandle f = e.file;
              e.file = null;
              f.close();
            }
          }
        } catch (IOException ex) {
          failure = ex;
        } finally {
          e.lock.unlock();
        }
      }
      entries.clear();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private final Os os;
  private final Dir dir;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  TxLocks(Os os, Dir dir) {
    this.os = os;
    this.dir = dir;
  }

  static String key(Path absolute) {
    byte[] b = absolute.toString().getBytes(StandardCharsets.UTF_8);
    return Hashes.sha256(b, 0, b.length).substring(0, 32);
  }

  /** Takes every lock of {@code keys} in their sorted order, waiting as long as needed. */
  Held acquire(SortedSet<String> keys) throws IOException {
    Held held = new Held();
    try {
      for (String k : keys) {
        Entry e = entries.computeIfAbsent(k, x -> new Entry());
        e.lock.lock();
        try {
          if (e.holds == 0) {
            FileHandle f = os.openOrCreate(dir, k, Os.Access.READ_WRITE, 0600);
            try {
              GcLock.mustLock(f, LockMode.EXCLUSIVE);
            } catch (IOException | RuntimeException ex) {
              f.close();
              throw ex;
            }
            e.file = f;
          }
          e.holds++;
        } catch (IOException | RuntimeException ex) {
          e.lock.unlock();
          throw ex;
        }
        held.entries.add(e);
        held.keys.add(k);
      }
      return held;
    } catch (IOException | RuntimeException ex) {
      try {
        held.close();
      } catch (IOException suppressed) {
        ex.addSuppressed(suppressed);
      }
      throw ex;
    }
  }
}
