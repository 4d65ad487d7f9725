package dev.safefs.write;

import dev.safefs.ConflictException;
import dev.safefs.Hashes;
import dev.safefs.SafeFsException;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An atomic replace of one file. Content streams into a hidden temp beside the target (created exclusively, mode
 * 0600, no symlink following); {@link #commit()} fsyncs it, gives it the final mode and owner, renames it over the
 * target and fsyncs the directory. Closing without a commit removes the temp and publishes nothing:
 *
 * <pre>{@code
 * try (var w = AtomicWriter.open(path, WriteOptions.defaults())) {
 *   w.write(bytes);
 *   w.commit();
 * }
 * }</pre>
 *
 * <p>After a crash at any instant the target holds its whole old content or its whole new content. A writer is for
 * one thread; writers of one JVM to the same path publish one at a time, the last commit winning.
 */
public final class AtomicWriter extends OutputStream {

  private static final int BUFFER = 64 * 1024;
  private static final String OP = "write";

  private final Os os;
  private final Target target;
  private final WriteOptions options;
  private final String tempName;
  private final String tempKey;
  private final FileHandle temp;
  private final MessageDigest digest;
  private byte[] buffer; // allocated on the first buffered write: a one-shot write of an array needs none
  private int buffered;
  private long bytes;
  private boolean done;
  private String expectedSha256;
  private boolean trustUnchangedStat;
  private boolean callerHashes;
  /** The file system's clock at open: the change time of the temp before anything was written to it. */
  private java.time.Instant tempBorn;

  private AtomicWriter(Os os, Target target, WriteOptions options, String tempName, FileHandle temp) {
    this.os = os;
    this.target = target;
    this.options = options;
    this.tempName = tempName;
    this.tempKey = target.dir().path().resolve(tempName).toString();
    this.temp = temp;
    this.digest = sha256();
    this.expectedSha256 = options.expectedSha256();
  }

  public static AtomicWriter open(Path path, WriteOptions options) throws IOException {
    return open(Os.get(), path, options);
  }

  /** Opens a writer on a given OS layer (tests run the same protocol on both). */
  public static AtomicWriter open(Os os, Path path, WriteOptions options) throws IOException {
    Target target;
    try {
      target = Target.resolve(os, path);
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, path, "open directory", e);
    }
    return open(os, target, options);
  }

  /**
   * Opens a writer on {@code name} inside an already open directory (the sandbox resolves paths beneath a root and
   * hands over the directory, so nothing is resolved by path again). The directory stays the caller's: it must stay
   * open until the writer is committed or closed. A symlink at {@code name} is replaced, never followed.
   */
  public static AtomicWriter open(Os os, dev.safefs.os.Dir dir, String name, WriteOptions options)
      throws IOException {
    Target target;
    try {
      target = Target.in(os, dir, name);
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, dir.path().resolve(name), "stat", e);
    }
    return open(os, target, options);
  }

  private static AtomicWriter open(Os os, Target target, WriteOptions options) throws IOException {
    try {
      if (target.existing() != null) {
        if (target.existing().isDirectory()) {
          throw new dev.safefs.InvalidInputException(OP, target.path(), "is a directory");
        }
        if (!target.existing().isRegularFile()) {
          throw new dev.safefs.InvalidInputException(OP, target.path(),
              "is not a regular file (" + target.existing().type().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        if (options.createOnly()) {
          throw new ConflictException(OP, target.path(), "already exists (create-only)");
        }
      }
      new StaleTempSweeper(os).sweepOnce(target.dir());
      TempNames.Created temp = TempNames.create(os, target.dir(), target.name());
      FileHandle fh = temp.handle();
      try {
        fh.lock(LockMode.EXCLUSIVE, true); // marks the temp as live for sweepers in other processes
      } catch (IOException | RuntimeException e) {
        fh.close();
        os.unlink(target.dir(), temp.name());
        TempNames.unregister(temp.key());
        throw e;
      }
      return new AtomicWriter(os, target, options, temp.name(), fh);
    } catch (IOException e) {
      target.close();
      throw SafeFsException.wrap(OP, target.path(), "create temp", e);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /** The file this writer will publish (the final target when the given path was a symlink). */
  public Path target() {
    return target.path();
  }

  /**
   * Opens an existing file for reading as a writer would find it (a symlink's final target), with the default OS
   * layer: for a caller that reads the way {@link #openTarget()} does but will not write (a dry run).
   */
  public static FileHandle openExisting(Path path) throws IOException {
    Os os = Os.get();
    Target t;
    try {
      t = Target.resolve(os, path);
    } catch (IOException e) {
      throw SafeFsException.wrap("read", path, "open directory", e);
    }
    try (t) {
      return openForReading(os, t, "read");
    }
  }

  /** Opens the existing file of {@code t} for reading, without following a symlink at its name. */
  private static FileHandle openForReading(Os os, Target t, String op) throws IOException {
    if (t.existing() == null) {
      throw new dev.safefs.NotFoundException(op, t.path(), "no such file", null);
    }
    try {
      return os.open(t.dir(), t.name(), Os.Access.READ, false);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, t.path(), "open", e);
    }
  }

  /**
   * Opens, for reading, the file this writer will replace: the very inode it saw when it was opened, which is the
   * one its compare-and-swap checks at commit (a streamed edit reads and copies from it). A conflict if the target
   * was replaced since; not found if there was none.
   */
  public FileHandle openTarget() throws IOException {
    FileHandle h = openForReading(os, target, OP);
    try {
      if (!h.stat().sameFile(target.existing())) {
        throw new ConflictException(OP, target.path(), "was replaced while it was being opened: try again");
      }
      return h;
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
  }

  /**
   * Appends {@code len} bytes of {@code source} from {@code position} to the content, copied inside the kernel where
   * the OS allows (Linux copy_file_range(2)): for a caller that hashes the content itself ({@link #callerHashes()}),
   * as a streamed edit does with the bytes it reads. Returns the bytes copied: fewer only at the source's end.
   */
  public long copyFrom(FileHandle source, long position, long len) throws IOException {
    ensureOpen();
    if (!callerHashes) {
      throw new IllegalStateException("copyFrom(...) needs callerHashes(): the writer does not see the bytes");
    }
    flushBuffer();
    long done = 0;
    try {
      while (done < len) {
        long n = temp.copyFrom(source, position + done, len - done);
        if (n <= 0) {
          break;
        }
        done += n;
      }
      // start the disk writes of what was copied now, so the fsync at commit does not wait for all of them; even
      // without an fsync, since ext4 starts them at the rename over the target anyway (auto_da_alloc), all at once
      temp.startWriteback(bytes, done);
    } catch (IOException e) {
      throw fail("copy to temp", e);
    }
    bytes += done;
    return done;
  }

  @Override
  public void write(int b) throws IOException {
    if (buffered == BUFFER) {
      flushBuffer();
    }
    ensureOpen();
    buffer()[buffered++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len >= BUFFER) {
      flushBuffer();
      writeThrough(b, off, len);
      return;
    }
    if (buffered + len > BUFFER) {
      flushBuffer();
    }
    System.arraycopy(b, off, buffer(), buffered, len);
    buffered += len;
  }

  /** Streams all of {@code in} into the temp; returns the number of bytes copied. */
  public long transferFrom(InputStream in) throws IOException {
    ensureOpen();
    long total = 0;
    while (true) {
      if (buffered == BUFFER) {
        flushBuffer();
      }
      int n = in.read(buffer(), buffered, BUFFER - buffered);
      if (n < 0) {
        return total;
      }
      buffered += n;
      total += n;
    }
  }

  private byte[] buffer() {
    if (buffer == null) {
      buffer = new byte[BUFFER];
    }
    return buffer;
  }

  /**
   * All of {@code b} straight to the temp, without the copy into the buffer: for a caller that has the whole content
   * (or a large piece of it) in one array.
   */
  public void writeAll(byte[] b) throws IOException {
    ensureOpen();
    flushBuffer();
    writeThrough(b, 0, b.length);
  }

  private void flushBuffer() throws IOException {
    if (buffered > 0) {
      writeThrough(buffer, 0, buffered);
      buffered = 0;
    }
  }

  private void writeThrough(byte[] b, int off, int len) throws IOException {
    try {
      temp.write(b, off, len);
    } catch (IOException e) {
      throw fail("write temp", e);
    }
    if (!callerHashes) {
      digest.update(b, off, len);
    }
    bytes += len;
  }

  private void ensureOpen() throws IOException {
    if (done) {
      throw new IOException("write: " + target.path() + ": writer already committed or closed");
    }
  }

  /**
   * Sets the compare-and-swap hash checked at {@link #commit()}, replacing the one of the options: for a caller that
   * learns the hash of the content it read while streaming the new content (a streamed edit of a huge file).
   */
  public void expectSha256(String hex) {
    this.expectedSha256 = options.withExpectedSha256(hex).expectedSha256();
  }

  /**
   * As {@link #expectSha256(String)}, for a caller that read the whole target after opening this writer (a streamed
   * edit of a huge file): at commit, a target that is still the same inode with the same size, modification and
   * change times as at open is taken as unchanged without hashing it again when {@link #statProvesUnchanged()} said
   * so before the first write. Any later write to the file moves its change time, so a concurrent change still fails
   * the commit; otherwise the hash is compared.
   */
  public void expectSha256SinceOpen(String hex) {
    expectSha256(hex);
    this.trustUnchangedStat = true;
  }

  /**
   * Stops hashing what is written: the caller hashes the content itself (a streamed edit does it on another core)
   * and gives the hash to {@link #commit(String)}. Must be called before the first write.
   */
  public void callerHashes() {
    if (bytes > 0 || buffered > 0) {
      throw new IllegalStateException("callerHashes() must come before the first write");
    }
    this.callerHashes = true;
  }

  /**
   * Whether the target, as stat saw it at open, had last changed before the temp was created, by the file system's
   * own clock (the temp's change time): then any later write to it gives it a change time at least the temp's, so
   * different from what was seen, and an unchanged stat at commit proves it unchanged. False when there was no
   * target, or when it changed within the same clock tick (then only a hash can tell: the "racy git" case). To be
   * asked before the first write: it is what lets {@link #expectUnchangedSinceOpen()} and
   * {@link #expectSha256SinceOpen(String)} trust the stat.
   */
  public boolean statProvesUnchanged() throws IOException {
    FileStat was = target.existing();
    if (was == null) {
      return false;
    }
    if (tempBorn == null) {
      if (bytes > 0 || buffered > 0) {
        throw new IllegalStateException("statProvesUnchanged() must come before the first write");
      }
      tempBorn = temp.stat().changed();
    }
    return provenByStat();
  }

  /** What {@link #statProvesUnchanged()} answered; false when it was not asked. */
  private boolean provenByStat() {
    FileStat was = target.existing();
    return was != null && tempBorn != null && was.changed().isBefore(tempBorn);
  }

  /**
   * Compare-and-swap without a hash, for a caller that read the whole target after opening this writer and did not
   * hash it (a streamed edit, where hashing would cost more than the edit): the commit publishes only if the target is
   * still the same inode with the same size, modification and change times as at open. Only when
   * {@link #statProvesUnchanged()}.
   */
  public void expectUnchangedSinceOpen() {
    if (!provenByStat()) {
      throw new IllegalStateException("the target's stat proves nothing (ask statProvesUnchanged() before writing)");
    }
    this.trustUnchangedStat = true;
  }

  private boolean unchangedSinceOpen(FileStat now) {
    FileStat was = target.existing();
    return trustUnchangedStat && provenByStat() && now.sameFile(was) && now.size() == was.size()
        && now.modified().equals(was.modified()) && now.changed().equals(was.changed());
  }

  /** Makes the new content durable and publishes it. */
  public WriteResult commit() throws IOException {
    return commit((CommitHook) null);
  }

  /**
   * Commits content whose SHA-256 the caller computed (after {@link #callerHashes()}); the hash is what the result
   * reports, null if the caller did not hash it.
   */
  public WriteResult commit(String sha256OfContent) throws IOException {
    return commit(sha256OfContent, null);
  }

  /** Commits with {@code hook} joined to the protocol (see {@link CommitHook}); a failing hook aborts the write. */
  public WriteResult commit(CommitHook hook) throws IOException {
    if (callerHashes) {
      throw new IllegalStateException("the caller hashes the content: commit(sha256)");
    }
    return commitWith(null, hook);
  }

  /**
   * Commits with {@code hook} joined to the protocol, for a writer whose caller hashes the content
   * ({@link #callerHashes()}): {@code sha256OfContent} is what the result and the hook are told (a recorded streamed
   * edit).
   */
  public WriteResult commit(String sha256OfContent, CommitHook hook) throws IOException {
    if (!callerHashes) {
      throw new IllegalStateException("commit(sha256...) is for a caller that hashes the content: callerHashes()");
    }
    return commitWith(sha256OfContent, hook);
  }

  private WriteResult commitWith(String sha256OfContent, CommitHook hook) throws IOException {
    ensureOpen();
    flushBuffer();
    String sha = callerHashes ? sha256OfContent : HexFormat.of().formatHex(digest.digest());
    String step = "set mode";
    boolean published = false;
    try {
      FileStat before = target.existing();
      temp.chmod(finalMode(before));
      if (before != null) {
        step = "set owner";
        temp.keepOwnerOf(before);
      }
      if (options.durability() != Durability.NONE) {
        step = "fsync(temp)";
        temp.fsync();
      }
      if (hook != null) {
        step = "record";
        hook.beforePublish(sha, bytes);
      }
      step = "rename";
      boolean replaced = publish();
      published = true;
      List<Flushes.Flush> flushes = new ArrayList<>(3);
      if (options.durability() == Durability.FILE_AND_DIRECTORY) {
        flushes.add(() -> os.fsync(target.dir()));
      }
      if (hook != null) {
        step = "record";
        hook.afterPublish(flushes);
      }
      step = hook == null ? "fsync(directory)" : "fsync(directory and record)";
      Flushes.all(flushes);
      finish();
      return new WriteResult(target.path(), bytes, sha, replaced);
    } catch (IOException e) {
      if (published && hook != null) { // the new content is in place: close up, the caller learns what failed
        try {
          finish();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw SafeFsException.wrap(OP, target.path(), step, e);
      }
      throw fail(step, e);
    }
  }

  private int finalMode(FileStat before) {
    if (options.mode() != null) {
      return options.mode();
    }
    if (before != null) {
      return before.mode();
    }
    return 0666 & ~os.umask();
  }

  /** Renames the temp over the target under the in-JVM path lock; the CAS check happens inside it. */
  private boolean publish() throws IOException {
    ReentrantLock lock = PathLocks.of(target.path());
    lock.lock();
    try {
      if (options.createOnly()) {
        try {
          os.rename(target.dir(), tempName, target.dir(), target.name(), true);
        } catch (FileAlreadyExistsException e) {
          throw new ConflictException(OP, target.path(), "already exists (create-only)", e);
        }
        return false;
      }
      if (expectedSha256 != null || trustUnchangedStat) { // trusted alone: expectUnchangedSinceOpen()
        return publishIfUnchanged();
      }
      boolean existed = exists();
      os.rename(target.dir(), tempName, target.dir(), target.name(), false);
      return existed;
    } finally {
      lock.unlock();
    }
  }

  private boolean exists() throws IOException {
    try {
      os.stat(target.dir(), target.name(), false);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Compare-and-swap across processes: the current target is flocked (other safefs writers flock it too), checked
   * to still be the file at the name, hashed, and only then replaced.
   */
  private boolean publishIfUnchanged() throws IOException {
    while (true) {
      FileHandle current;
      try {
        current = os.open(target.dir(), target.name(), Os.Access.READ, false);
      } catch (NoSuchFileException e) {
        throw new ConflictException(OP, target.path(),
            "expected SHA-256 " + expectedSha256 + " but the file does not exist", e);
      }
      try (current) {
        current.lock(LockMode.EXCLUSIVE, true);
        FileStat held = current.stat();
        FileStat atName;
        try {
          atName = os.stat(target.dir(), target.name(), false);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (!held.sameFile(atName)) {
          continue; // replaced while we waited for the lock: check the new one
        }
        if (unchangedSinceOpen(held)) {
          os.rename(target.dir(), tempName, target.dir(), target.name(), false);
          return true;
        }
        if (expectedSha256 == null) {
          throw new ConflictException(OP, target.path(), "changed since it was read (its size or times moved)");
        }
        String actual = Hashes.sha256(current);
        if (!actual.equals(expectedSha256)) {
          throw new ConflictException(OP, target.path(),
              "content changed: expected SHA-256 " + expectedSha256 + " but it is " + actual);
        }
        os.rename(target.dir(), tempName, target.dir(), target.name(), false);
        return true;
      }
    }
  }


  /** Never updated, only cloned: a provider lookup per writer costs more than a small write's own work. */
  private static final MessageDigest SHA256_PROTOTYPE = dev.safefs.Hashes.sha256();

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 digest is not cloneable", e);
    }
  }

  private void finish() throws IOException {
    done = true;
    TempNames.unregister(tempKey);
    try {
      temp.close();
    } finally {
      target.close();
    }
  }

  /** Removes the temp, leaves the target untouched, and names the step that failed. */
  private SafeFsException fail(String step, IOException cause) {
    abortQuietly(cause);
    return SafeFsException.wrap(OP, target.path(), step, cause);
  }

  private void abortQuietly(Throwable primary) {
    if (done) {
      return;
    }
    done = true;
    try {
      temp.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
    try {
      os.unlink(target.dir(), tempName);
    } catch (NoSuchFileException e) {
      // already published or removed
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
    TempNames.unregister(tempKey);
    try {
      target.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** Without a commit: removes the temp and publishes nothing. After a commit: does nothing. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    IOException primary = new IOException("abort");
    abortQuietly(primary);
    if (primary.getSuppressed().length > 0) {
      IOException e = new IOException("write: " + target.path() + ": abort: could not remove temp " + tempName);
      for (Throwable s : primary.getSuppressed()) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  // ---- one-shot helpers

  public static WriteResult write(Path path, byte[] content, WriteOptions options) throws IOException {
    try (AtomicWriter w = open(path, options)) {
      w.writeAll(content);
      return w.commit();
    }
  }

  public static WriteResult writeString(Path path, String content, WriteOptions options) throws IOException {
    return write(path, content.getBytes(StandardCharsets.UTF_8), options);
  }

  public static WriteResult write(Path path, InputStream content, WriteOptions options) throws IOException {
    try (AtomicWriter w = open(path, options)) {
      w.transferFrom(content);
      return w.commit();
    }
  }

  /** The open directory the file is published in (the final target's, after symlinks). */
  dev.safefs.os.Dir directory() {
    return target.dir();
  }

  /** Used by the write step tests to name the temp. */
  String tempName() {
    return tempName;
  }

}
