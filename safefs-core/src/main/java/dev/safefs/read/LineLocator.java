package dev.safefs.read;

import dev.safefs.os.FileHandle;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Finds where a line starts by counting newlines from a position: large preads, SWAR counting, and on big spans
 * every core, each counting whole chunks taken in turn; the chunk that holds the wanted newline is then scanned
 * once more to find it exactly. Memory: one chunk buffer per thread, whatever the file size.
 */
final class LineLocator {
  static final int CHUNK = 256 << 10; // copied by pread and scanned while still in the L2 cache
  static final long PARALLEL_MIN = 32L << 20;

  /** {@code position} is where the wanted line starts, or -1 when the file ended after {@code newlines} newlines. */
  record Located(long position, long newlines) {}

  private final FileHandle file;
  private final long end;

  LineLocator(FileHandle file, long end) {
    this.file = file;
    this.end = end;
  }

  FileHandle file() {
    return file;
  }

  /** Skips {@code n} newlines from {@code from}. */
  Located skip(long from, long n) throws IOException {
    if (n <= 0) {
      return new Located(from, 0);
    }
    int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    if (threads < 2 || end - from < PARALLEL_MIN) {
      return skipSequential(from, n);
    }
    return skipParallel(from, n, threads);
  }

  /** Counts the newlines in {@code [from, end)}. */
  long count(long from) throws IOException {
    Located l = skip(from, Long.MAX_VALUE);
    return l.newlines();
  }

  private Located skipSequential(long from, long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(8192, end - from))];
    long pos = from;
    long seen = 0;
    while (pos < end) {
      int len = readFully(buf, pos, (int) Math.min(buf.length, end - pos));
      if (len <= 0) {
        break;
      }
      long c = Newlines.count(buf, 0, len);
      if (seen + c >= n) {
        int at = Newlines.afterNth(buf, 0, len, n - seen);
        return new Located(pos + at, n);
      }
      seen += c;
      pos += len;
    }
    return new Located(-1, seen);
  }

  private Located skipParallel(long from, long n, int threads) throws IOException {
    long span = end - from;
    int chunks = (int) ((span + CHUNK - 1) / CHUNK);
    AtomicLongArray counts = new AtomicLongArray(chunks);
    for (int i = 0; i < chunks; i++) {
      counts.set(i, -1);
    }
    AtomicInteger next = new AtomicInteger();
    Prefix prefix = new Prefix(counts, n);
    IOException[] failure = new IOException[1];
    Runnable worker = () -> {
      byte[] buf = new byte[CHUNK];
      try {
        int i;
        while (!prefix.found() && (i = next.getAndIncrement()) < chunks) {
          long pos = from + (long) i * CHUNK;
          int len = readFully(buf, pos, (int) Math.min(CHUNK, end - pos));
          counts.set(i, Newlines.count(buf, 0, Math.max(len, 0)));
          prefix.advance();
        }
      } catch (IOException e) {
        synchronized (failure) {
          failure[0] = e;
        }
        prefix.fail();
      }
    };
    Thread helper = Thread.ofPlatform().name("safefs-lines").daemon().start(worker);
    worker.run();
    try {
      helper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while counting lines");
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    if (!prefix.found()) {
      return new Located(-1, prefix.before);
    }
    long pos = from + (long) prefix.chunk * CHUNK;
    byte[] buf = new byte[(int) Math.min(CHUNK, end - pos)];
    int len = readFully(buf, pos, buf.length);
    int at = Newlines.afterNth(buf, 0, len, n - prefix.before);
    return new Located(pos + at, n);
  }

  /** The running sum of chunk counts in chunk order, and the chunk where it reaches the wanted count. */
  private static final class Prefix {
    private final AtomicLongArray counts;
    private final long wanted;
    private int done;
    long before;
    volatile int chunk = -1;
    private volatile boolean failed;

    Prefix(AtomicLongArray counts, long wanted) {
      this.counts = counts;
      this.wanted = wanted;
    }

    boolean found() {
      return chunk >= 0 || failed;
    }

    void fail() {
      failed = true;
    }

    synchronized void advance() {
      while (chunk < 0 && done < counts.length()) {
        long c = counts.get(done);
        if (c < 0) {
          return;
        }
        if (before + c >= wanted) {
          chunk = done;
          return;
        }
        before += c;
        done++;
      }
    }
  }

  int readFully(byte[] buf, long pos, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int r = file.pread(buf, got, len - got, pos + got);
      if (r <= 0) {
        break;
      }
      got += r;
    }
    return got;
  }
}
