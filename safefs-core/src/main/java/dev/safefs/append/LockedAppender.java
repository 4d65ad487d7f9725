package dev.safefs.append;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import dev.safefs.write.PathLocks;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends whole records (lines) to a shared file under flock(2), the lock that {@code flock(1)}, Python's
 * {@code fcntl.flock}, filelock and portalocker take. Java's own {@code FileChannel.lock} takes POSIX record locks
 * (fcntl), which do not exclude flock users, so it is not used on the Linux layer.
 *
 * <ul>
 *   <li>The lock is taken on the log file itself (as the Python seed pattern and {@code flock FILE cmd} do), never on
 *       a side lock file, and the file is never unlinked. After the lock is held the appender checks that its
 *       descriptor is still the file at the name; when a rotation renamed it away, it reopens the new file.
 *   <li>The lock is held for the check of the tail and the write; the fdatasync comes after it is released, so other
 *       processes append during the disk wait, and an append returns only when it is done (fdatasync writes out all
 *       the data written to the file before it, so every record that returned is durable, and so is all before it).
 *   <li>A batch of records goes out in one write(2) on an O_APPEND descriptor, so every record is whole however many
 *       writers there are.
 *   <li>Threads of one JVM are serialized by an in-JVM lock (flock excludes open file descriptions, not threads).
 *       With group commit they also share the work: while one thread writes and fsyncs, the records of the others
 *       gather into the next batch; each {@link #append} returns only when its own record is durable.
 *   <li>Before writing, the tail is checked: a file that does not end with a newline holds a torn last record (power
 *       lost mid-append, or a writer killed without the lock discipline). Appending after it would glue two records
 *       together, so the append fails with a conflict until {@link #repair()} moves the partial line aside.
 * </ul>
 *
 * <p>On the portable layer the lock is a FileChannel (fcntl) lock: it excludes other Java and fcntl users, but NOT
 * flock(2) users such as {@code flock(1)} or Python's {@code fcntl.flock}. With no fstat there, the inode of the
 * descriptor is taken by path right after the open (a swap in that instant goes unnoticed).
 *
 * <p>Thread-safe. Records are bytes; a record without a final newline gets one.
 */
public final class LockedAppender implements AutoCloseable {

  private static final String OP = "append";
  private static final int TAIL_CHUNK = 64 * 1024;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Os os;
  private final Path path;
  private final Dir dir;
  private final String name;
  private final AppendOptions options;
  private final ReentrantLock jvmLock;
  /** Guards {@link #fh} for this instance, so that close never waits for other instances' turns. */
  private final ReentrantLock ioLock = new ReentrantLock();

  private final ReentrantLock mutex = new ReentrantLock();
  private final Condition gathered = mutex.newCondition();
  private Batch open = new Batch();
  /** How many records the next batch waits for: the threads seen appending around the last commit. */
  private int expected = 1;
  /**
   * The longest a leader waits for them: as long as the last commit took (waiting one commit's time to add records
   * to it costs at most what a commit of its own would), at least {@link #MIN_GATHER_NANOS}, at most
   * {@link #MAX_GATHER_NANOS}; paid only while several threads append, and ended as soon as they all have.
   */
  private long gatherNanos;
  /**
   * The threads a commit releases have to be scheduled again before they can add their next records: on a busy
   * machine that takes longer than a fast fsync, and a leader that gave up sooner would commit half the threads, then
   * the other half, for twice the fsyncs.
   */
  private static final long MIN_GATHER_NANOS = 500_000;
  private static final long MAX_GATHER_NANOS = 2_000_000;
  /**
   * How long a waiter yields its core before it parks (and how long the leader may yield while it gathers,
   * {@link #yieldForRecords}): about three commits (the one under way, the gathering of its own batch and its
   * commit), from the last commit's time, at most {@link #MAX_YIELD_NANOS}. A writer that is still in the run queue
   * when its batch is done sees it on its next turn and appends again at once, where a parked one would wait for a
   * wake-up, a system call and a context switch each, one after the other on a small machine: the re-gathering of 16
   * writers took about as long as the fdatasync they share. 0 (park at once) for a slow disk (a commit over
   * {@link #MAX_YIELD_NANOS} / 3) and for batches under {@link #YIELD_MIN_BATCH} writers, whose few wake-ups cost
   * little (2 writers: the same records per second, yielding or not, for 2.6 times the CPU). The price is CPU: 16
   * threads appending flat out on a 2-core machine used 1.2 CPU-seconds instead of 0.6 for 32,000 records, for about
   * 20% more records per second. InnoDB's redo log makes the same trade (its user threads spin while waiting for a
   * flush, unless the average flush takes longer than innodb_log_wait_for_flush_spin_hwm).
   */
  private volatile long yieldNanos;
  private static final long MAX_YIELD_NANOS = 2_000_000;
  private static final int YIELD_MIN_BATCH = 8;
  private boolean leaderActive;
  private boolean gathering;
  /** How many records the open batch holds, for a leader that gathers without the mutex ({@link #yieldForRecords}). */
  private volatile int openRecords;
  /** Commits made (each one write and one fdatasync), for tests of the batching. */
  private volatile long commits;
  private boolean closed;

  /** The descriptor; touched only by the thread holding {@link #jvmLock}. */
  private FileHandle fh;
  /** The descriptor's file as stat saw it at open: an inode does not change, so the name is compared with this. */
  private FileStat fhStat;
  /** The file at the name, stat'ed under the lock by the last {@link #lock()}: its size is the end of the log. */
  private FileStat locked;

  private static final class Batch {
    final List<byte[]> records = new ArrayList<>();
    /** The threads whose records are in this batch, parked until it is done (the leader's is not among them). */
    final List<Thread> waiters = new ArrayList<>();
    int bytes;
    volatile boolean done;
    /** The waiter handed the lead of this batch by the leader of the one before. */
    volatile Thread designated;
    Exception error; // an IOException or a RuntimeException; written before done

  }

  private LockedAppender(Os os, Path path, Dir dir, String name, AppendOptions options) {
    this.os = os;
    this.path = path;
    this.dir = dir;
    this.name = name;
    this.options = options;
    this.jvmLock = PathLocks.of(path);
  }

  public static LockedAppender open(Path path, AppendOptions options) throws IOException {
    return open(Os.get(), path, options);
  }

  public static LockedAppender open(Os os, Path path, AppendOptions options) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      throw new InvalidInputException(OP, path, "is not a file path");
    }
    Dir dir;
    try {
      dir = os.openDir(abs.getParent());
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, abs, "open directory", e);
    }
    return new LockedAppender(os, abs, dir, abs.getFileName().toString(), options);
  }

  public Path path() {
    return path;
  }

  long commits() {
    return commits;
  }

  /** Appends one record and returns when it is durable (or written, without fsync). */
  public void append(byte[] record) throws IOException {
    append(record, 0, record.length);
  }

  /**
   * Appends {@code b[off, off+len)} as one unit: one record, or several whole lines that go out in the same write. A
   * final newline is added when missing.
   */
  public void append(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return;
    }
    byte[] rec;
    if (b[off + len - 1] == '\n') {
      rec = java.util.Arrays.copyOfRange(b, off, off + len);
    } else {
      rec = java.util.Arrays.copyOfRange(b, off, off + len + 1);
      rec[len] = '\n';
    }
    if (!options.groupCommit()) {
      Batch single = new Batch();
      single.records.add(rec);
      single.bytes = rec.length;
      commit(single);
      return;
    }
    Batch mine;
    boolean lead = false;
    int index = -1; // this thread's place among the batch's waiters
    mutex.lock();
    try {
      ensureOpen();
      mine = open;
      mine.records.add(rec);
      openRecords = mine.records.size();
      mine.bytes += rec.length;
      if (gathering && mine.records.size() >= expected) {
        gathered.signal();
      }
      lead = !leaderActive;
      if (lead) {
        leaderActive = true;
      } else {
        index = mine.waiters.size();
        mine.waiters.add(Thread.currentThread());
      }
    } finally {
      if (!lead) {
        mutex.unlock();
      }
    }
    if (lead) {
      leadAndUnlock(); // commits the open batch, which holds this record
    }
    boolean interrupted = false;
    while (!mine.done) {
      if (mine.designated == Thread.currentThread()) {
        mutex.lock();
        leadAndUnlock(); // the open batch is this one: a batch leaves it only through its leader
      } else if (!yieldUntilDone(mine)) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted(); // the wait is not interruptible: the record is already queued
      }
    }
    if (index >= 0) {
      wakeAfter(mine, index);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.error instanceof IOException e) {
      throw e;
    }
    if (mine.error instanceof RuntimeException e) {
      throw e;
    }
  }

  /**
   * Leads the open batch (under {@link #mutex}, with {@link #leaderActive} set; returns without it): gathers it (the
   * threads released by the last commit are about to append again, and without this short wait they would miss it),
   * commits it without the mutex, hands the lead of the next batch to one of its writers, then wakes the batch's
   * writers. The waiters park on their own and are unparked directly, not through the mutex: a condition's signalAll
   * would wake them in a chain, each only once the one before had the mutex and let go of it.
   */
  private void leadAndUnlock() {
    long left = gatherNanos;
    if (yieldNanos > 0 && open.records.size() < expected) {
      left = yieldForRecords(expected, left);
    }
    gathering = true;
    try {
      while (open.records.size() < expected && left > 0) {
        left = gathered.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // commit what is there; the caller sees the flag
    } finally {
      gathering = false;
    }
    Batch out = open;
    open = new Batch();
    openRecords = 0;
    mutex.unlock();
    Exception error = null;
    long started = System.nanoTime();
    try {
      commit(out);
    } catch (IOException | RuntimeException e) { // every writer of the batch learns it, and none is left waiting
      error = e;
    }
    Thread next = null;
    mutex.lock();
    try {
      out.error = error;
      out.done = true;
      expected = Math.max(1, out.records.size() + open.records.size());
      long took = System.nanoTime() - started;
      gatherNanos = Math.clamp(took, MIN_GATHER_NANOS, MAX_GATHER_NANOS);
      yieldNanos = took > MAX_YIELD_NANOS / 3 || expected < YIELD_MIN_BATCH ? 0 : 3 * took;
      if (open.waiters.isEmpty()) {
        leaderActive = false;
      } else {
        next = open.waiters.getFirst();
        open.designated = next;
      }
    } finally {
      mutex.unlock();
    }
    if (next != null) {
      LockSupport.unpark(next);
    }
    wakeAfter(out, -1);
  }

  /**
   * Yields the core until {@code mine} is done or handed to this thread to lead, for at most {@link #yieldNanos};
   * false when the time ran out first (the caller parks).
   */
  private boolean yieldUntilDone(Batch mine) {
    long budget = yieldNanos;
    if (budget == 0) {
      return false;
    }
    Thread me = Thread.currentThread();
    yieldWhile(() -> !mine.done && mine.designated != me, budget);
    return mine.done || mine.designated == me;
  }

  /**
   * Gathers the open batch the way its waiters wait while commits are fast: lets go of the mutex and yields the core
   * until {@code want} records are in or {@code nanos} passed, then takes the mutex back. A condition wait would end
   * with one more wake-up on the last writer's signal. Returns the time left.
   */
  private long yieldForRecords(int want, long nanos) {
    mutex.unlock();
    try {
      return yieldWhile(() -> openRecords < want, nanos);
    } finally {
      mutex.lock();
    }
  }

  /** Yields the core while {@code waiting} holds, for at most {@code nanos}; returns the time left (<= 0: ran out). */
  private static long yieldWhile(java.util.function.BooleanSupplier waiting, long nanos) {
    long start = System.nanoTime();
    long left = nanos;
    while (waiting.getAsBoolean() && left > 0) {
      Thread.yield();
      left = nanos - (System.nanoTime() - start);
    }
    return left;
  }

  /** How many waiters each woken writer wakes in turn (see {@link #wakeAfter}). */
  private static final int FAN_OUT = 4;

  /**
   * Wakes the writers of a done batch as a tree: the leader (index -1) wakes waiters 0 to 3, waiter i wakes 4i+4 to
   * 4i+7. The wake-ups, a system call each, then run on every core at once instead of one after the other on the
   * leader's, and 16 writers are up after two rounds. The waiter list no longer changes once the batch is done (only
   * the open batch takes waiters).
   */
  private static void wakeAfter(Batch done, int index) {
    List<Thread> w = done.waiters;
    for (int c = FAN_OUT * (index + 1), end = Math.min(c + FAN_OUT, w.size()); c < end; c++) {
      LockSupport.unpark(w.get(c));
    }
  }

  /**
   * Writes a batch under the lock in one write(2), releases the lock, then waits for fdatasync (the batch grows the
   * file, so the size that makes it readable is part of what fdatasync waits for; only the times are not). Holding the
   * lock for the write alone is what keeps records whole; the disk wait outside it lets the appenders of other
   * processes write meanwhile, and their fdatasyncs share the file system's journal commits instead of queueing one
   * behind the other. A record still returns only when it is durable: fdatasync writes out all of the file's data
   * written before it, the records of others included.
   */
  private void commit(Batch batch) throws IOException {
    byte[] all;
    if (batch.records.size() == 1) {
      all = batch.records.getFirst();
    } else {
      all = new byte[batch.bytes];
      int pos = 0;
      for (byte[] r : batch.records) {
        System.arraycopy(r, 0, all, pos, r.length);
        pos += r.length;
      }
    }
    FileHandle h = lock();
    boolean locked = true;
    try {
      FileStat st = this.locked;
      if (st.size() > 0 && lastByte(h, st.size()) != '\n') {
        long torn = st.size() - (lastNewline(h, st.size()) + 1);
        throw new ConflictException(OP, path, "the last record is torn (" + torn
            + " bytes after the last newline); nothing appended: run 'safefs append --repair' to move it aside");
      }
      h.write(all, 0, all.length);
      locked = false;
      releaseFileLocks(h); // the batch is whole in the file; the descriptor stays this instance's (ioLock)
      if (options.fsync()) {
        h.datasync();
      }
      commits++; // under ioLock: one thread of this instance at a time
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, path, "", e);
    } finally {
      if (locked) {
        unlock(h);
      } else {
        ioLock.unlock();
      }
    }
  }

  /**
   * Moves a torn last record (the bytes after the last newline) into a side file {@code <name>.torn-<UTC time>} and
   * truncates the log to its last whole record, under the lock; nothing else is touched. The side file is durable
   * before the log is cut, so a crash in between leaves the partial line in both places, never in neither.
   */
  public RepairResult repair() throws IOException {
    FileHandle h = lock();
    try {
      long size = locked.size();
      if (size == 0 || lastByte(h, size) == '\n') {
        return new RepairResult(path, 0, null, size);
      }
      long keep = lastNewline(h, size) + 1;
      String side = createSide(h, keep, size);
      h.truncate(keep);
      h.fsync();
      return new RepairResult(path, size - keep, dir.path().resolve(side), keep);
    } catch (IOException e) {
      throw SafeFsException.wrap("append --repair", path, "", e);
    } finally {
      unlock(h);
    }
  }

  private String createSide(FileHandle h, long from, long to) throws IOException {
    String base = name + ".torn-" + STAMP.format(Instant.now());
    int mode = h.stat().mode() & 0666;
    for (int n = 0; ; n++) {
      String side = n == 0 ? base : base + "-" + n;
      FileHandle out;
      try {
        out = os.createExclusive(dir, side, mode);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      try (out) {
        byte[] buf = new byte[(int) Math.min(TAIL_CHUNK, to - from)];
        for (long pos = from; pos < to; ) {
          int n2 = h.pread(buf, 0, (int) Math.min(buf.length, to - pos), pos);
          if (n2 <= 0) {
            break;
          }
          out.write(buf, 0, n2);
          pos += n2;
        }
        out.chmod(mode);
        out.fsync();
      }
      os.fsync(dir);
      return side;
    }
  }

  private static int lastByte(FileHandle h, long size) throws IOException {
    byte[] one = new byte[1];
    return h.pread(one, 0, 1, size - 1) == 1 ? one[0] : -1;
  }

  /** The offset of the last newline before {@code size}, or -1. */
  private static long lastNewline(FileHandle h, long size) throws IOException {
    byte[] buf = new byte[TAIL_CHUNK];
    long end = size;
    while (end > 0) {
      int len = (int) Math.min(buf.length, end);
      long start = end - len;
      int got = 0;
      while (got < len) {
        int n = h.pread(buf, got, len - got, start + got);
        if (n <= 0) {
          break;
        }
        got += n;
      }
      for (int i = got - 1; i >= 0; i--) {
        if (buf[i] == '\n') {
          return start + i;
        }
      }
      end = start;
    }
    return -1;
  }

  /**
   * Takes the in-JVM lock and the flock of the file now at the name: after waiting, the descriptor may be a file a
   * rotation renamed away, so it is compared with the name and reopened until they agree.
   */
  private FileHandle lock() throws IOException {
    FlockWait wait = new FlockWait(options.lockTimeout(), OP, path);
    while (true) {
      ioLock.lock();
      FileHandle h;
      try {
        wait.lock(jvmLock);
      } catch (IOException | RuntimeException e) {
        ioLock.unlock();
        throw e;
      }
      try {
        h = openIfNeeded();
        wait.lock(h);
      } catch (IOException e) {
        jvmLock.unlock();
        ioLock.unlock();
        throw SafeFsException.wrap(OP, path, "lock", e);
      } catch (RuntimeException e) {
        jvmLock.unlock();
        ioLock.unlock();
        throw e;
      }
      // One stat under the lock: the name's (the descriptor's inode is known from the open), whose size is the end
      // the tail check reads.
      FileStat atName;
      try {
        atName = os.stat(dir, name, false);
      } catch (NoSuchFileException e) {
        atName = null;
      } catch (IOException | RuntimeException e) {
        unlock(h);
        throw e;
      }
      if (fhStat.sameFile(atName)) {
        locked = atName;
        return h;
      }
      // Renamed away (rotated) or unlinked while we waited: drop it and open the file now at the name.
      try {
        h.unlock();
        h.close();
      } finally {
        fh = null;
        jvmLock.unlock();
        ioLock.unlock();
      }
    }
  }

  /** Under the in-JVM lock: the open descriptor, opening (and creating) the file when there is none. */
  private FileHandle openIfNeeded() throws IOException {
    if (closed) {
      throw new IllegalStateException("append: " + path + ": appender is closed");
    }
    if (fh == null) {
      boolean existed = true;
      try {
        os.stat(dir, name, false);
      } catch (NoSuchFileException e) {
        existed = false;
      }
      FileHandle h = os.openOrCreate(dir, name, Os.Access.READ_APPEND, options.createMode());
      FileStat st = h.stat();
      if (!st.isRegularFile()) {
        h.close();
        throw new InvalidInputException(OP, path, "is not a regular file");
      }
      fhStat = st;
      if (!existed) {
        os.fsync(dir); // the new name must survive a crash along with the first record
      }
      fh = h;
    }
    return fh;
  }

  private void unlock(FileHandle h) throws IOException {
    try {
      releaseFileLocks(h);
    } finally {
      ioLock.unlock();
    }
  }

  /** Releases the flock and the in-JVM lock of the path, keeping {@link #ioLock} (the descriptor). */
  private void releaseFileLocks(FileHandle h) throws IOException {
    try {
      h.unlock();
    } finally {
      jvmLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("append: " + path + ": appender is closed");
    }
  }

  @Override
  public void close() throws IOException {
    ioLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (fh != null) {
        fh.close();
        fh = null;
      }
      dir.close();
    } finally {
      ioLock.unlock();
    }
  }
}
