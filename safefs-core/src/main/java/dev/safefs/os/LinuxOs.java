package dev.safefs.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Linux system calls through java.lang.foreign. Every call that takes a name works relative to an open directory
 * descriptor; nothing here follows a symlink in the last component unless asked.
 */
final class LinuxOs implements Os {

  // open(2) flags. O_DIRECTORY and O_NOFOLLOW differ between x86_64 and the generic (aarch64, riscv64) ABI.
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_RDWR = 2;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_NOCTTY = 0400;
  static final int O_APPEND = 02000;
  static final int O_NONBLOCK = 04000;
  static final boolean GENERIC_ABI = !isX86_64(System.getProperty("os.arch", ""));
  static final int O_DIRECTORY = GENERIC_ABI ? 040000 : 0200000;
  static final int O_NOFOLLOW = GENERIC_ABI ? 0100000 : 0400000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;

  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_REMOVEDIR = 0x200;
  static final int AT_EMPTY_PATH = 0x1000;
  static final int RENAME_NOREPLACE = 1;
  static final int LOCK_SH = 1;
  static final int LOCK_EX = 2;
  static final int LOCK_NB = 4;
  static final int LOCK_UN = 8;
  static final long RESOLVE_NO_MAGICLINKS = 0x02;
  static final long RESOLVE_BENEATH = 0x08;
  static final int STATX_BASIC_STATS = 0x7ff;

  /** The size of the per-thread native buffer reads and writes go through (in chunks of this size at most). */
  private static final int SCRATCH_IO_MAX = 1 << 20;
  /** The most one copy_file_range(2) is asked to copy (the kernel caps a call below 2 GiB anyway). */
  private static final long COPY_CHUNK_MAX = 1L << 30;
  static final long SYNC_FILE_RANGE_WRITE = 2;

  private static final Syscall.Numbers NR;
  private static final LinuxOs INSTANCE;
  private static final String UNAVAILABLE;

  static {
    LinuxOs os = null;
    Syscall.Numbers nr = null;
    String why = null;
    try {
      if (!System.getProperty("os.name", "").startsWith("Linux")) {
        why = "not Linux";
      } else {
        nr = Syscall.NR; // links the one downcall handle
        os = new LinuxOs();
      }
    } catch (Throwable t) { // IllegalCallerException when native access is denied, an unknown architecture
      why = t instanceof ExceptionInInitializerError e && e.getCause() != null ? e.getCause().toString() : t.toString();
    }
    NR = nr;
    INSTANCE = os;
    UNAVAILABLE = why;
  }

  private static boolean isX86_64(String arch) {
    return arch.equals("amd64") || arch.equals("x86_64");
  }

  static LinuxOs instance() {
    return INSTANCE;
  }

  static String unavailableReason() {
    return UNAVAILABLE;
  }

  private LinuxOs() {}

  /**
   * Per-thread native scratch: errno capture, two C strings, the statx and open_how structures, and lazily an I/O
   * buffer and a getdents64 buffer, so that most calls allocate nothing.
   */
  private static final class Scratch {
    final Arena arena = Arena.ofAuto();
    final MemorySegment errno = arena.allocate(Syscall.CAPTURE);
    final MemorySegment name1 = arena.allocate(4097);
    final MemorySegment name2 = arena.allocate(4097);
    final MemorySegment statx = arena.allocate(256, 8);
    final MemorySegment how = arena.allocate(24, 8);
    final MemorySegment offset = arena.allocate(8, 8);
    private MemorySegment io;
    private MemorySegment dents;
    private byte[] dentsHeap;

    int errno() {
      return Syscall.errno(errno);
    }

    long call(long nr, long a, long b, long c, long d, long e) {
      return Syscall.call(errno, nr, a, b, c, d, e);
    }

    /** A native buffer of at least {@code min(len, SCRATCH_IO_MAX)} bytes, reused by this thread. */
    MemorySegment io(int len) {
      int want = Math.min(Math.max(len, 8192), SCRATCH_IO_MAX);
      if (io == null || io.byteSize() < want) {
        int size = Integer.highestOneBit(want - 1) << 1; // the next power of two
        // an arena of its own, so that a buffer outgrown is freed rather than kept as long as the thread
        io = Arena.ofAuto().allocate(Math.min(size, SCRATCH_IO_MAX), 16);
      }
      return io;
    }

    MemorySegment dents() {
      if (dents == null) {
        dents = arena.allocate(64 * 1024, 8);
      }
      return dents;
    }

    /** The heap copy of a getdents64 batch for {@link #listNames} (whose sink may not list on this thread). */
    byte[] dentsHeap() {
      if (dentsHeap == null) {
        dentsHeap = new byte[(int) dents().byteSize()];
      }
      return dentsHeap;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static MemorySegment cString(MemorySegment buf, String s) throws FileSystemException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= buf.byteSize()) {
      throw Errno.exception(Errno.ENAMETOOLONG, "path", s, null);
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new FileSystemException(s.replace('\0', '?'), null, "name contains a NUL byte");
      }
    }
    MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
    buf.set(JAVA_BYTE, bytes.length, (byte) 0);
    return buf;
  }

  // ---- directories

  static final class LinuxDir implements Dir {
    final int fd;
    final Path path;
    private boolean closed;
    /** Listed before: getdents64 goes on from the descriptor's offset, so a second listing seeks back first. */
    volatile boolean listed;

    LinuxDir(int fd, Path path) {
      this.fd = fd;
      this.path = path;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        closeFd(fd, path);
      }
    }

    @Override
    public String toString() {
      return "Dir[" + path + ", fd " + fd + "]";
    }
  }

  private static int fd(Dir dir) {
    if (dir == null) {
      return AT_FDCWD;
    }
    if (dir instanceof LinuxDir d) {
      return d.fd;
    }
    throw new IllegalArgumentException("not a Linux directory handle: " + dir);
  }

  private static Path child(Dir dir, String name) {
    return dir == null ? Path.of(name) : dir.path().resolve(name);
  }

  static void closeFd(int fd, Path path) throws IOException {
    Scratch s = SCRATCH.get();
    // close(2) is never retried: on Linux the descriptor is gone even when it reports EINTR.
    if (s.call(NR.close(), fd, 0, 0, 0, 0) < 0 && s.errno() != Errno.EINTR) {
      throw Errno.exception(s.errno(), "close", String.valueOf(path), null);
    }
  }

  private static int openRaw(Dir dir, String name, int flags, int mode, String call) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    long fd;
    do {
      fd = s.call(NR.openat(), fd(dir), n.address(), flags | O_CLOEXEC, mode, 0);
    } while (fd < 0 && s.errno() == Errno.EINTR);
    if (fd < 0) {
      throw Errno.exception(s.errno(), call, child(dir, name).toString(), null);
    }
    return (int) fd;
  }

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public Dir openDir(Path path) throws IOException {
    return new LinuxDir(openRaw(null, path.toString(), O_RDONLY | O_DIRECTORY, 0, "open(directory)"), path);
  }

  @Override
  public Dir openDirAt(Dir dir, String name, boolean followLinks) throws IOException {
    int flags = O_RDONLY | O_DIRECTORY | (followLinks ? 0 : O_NOFOLLOW);
    return new LinuxDir(openRaw(dir, name, flags, 0, "openat(directory)"), child(dir, name));
  }

  @Override
  public Dir openDirBeneath(Dir root, String relative) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, relative.isEmpty() ? "." : relative);
    s.how.set(JAVA_LONG, 0, (long) (O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    s.how.set(JAVA_LONG, 8, 0L);
    s.how.set(JAVA_LONG, 16, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
    long fd;
    do {
      fd = s.call(NR.openat2(), fd(root), n.address(), s.how.address(), 24, 0);
    } while (fd < 0 && s.errno() == Errno.EINTR);
    if (fd < 0) {
      int e = s.errno();
      String file = child(root, relative).toString();
      if (e == Errno.EXDEV) {
        throw new EscapeException(file, "resolves outside " + root.path());
      }
      throw Errno.exception(e, "openat2", file, null);
    }
    return new LinuxDir((int) fd, child(root, relative));
  }

  // ---- files

  static final class LinuxFile implements FileHandle {
    final int fd;
    // The path is only for messages: made when first asked for (a search opens thousands of files and never asks).
    private final Path dirPath;
    private final String name;
    private Path path;
    private boolean closed;
    private boolean noCopyFileRange; // the kernel refused copy_file_range for this file: buffered copies

    LinuxFile(int fd, Path path) {
      this(fd, null, null);
      this.path = path;
    }

    /** A file opened as {@code name} in a directory with path {@code dirPath} (null: the working directory). */
    LinuxFile(int fd, Path dirPath, String name) {
      this.fd = fd;
      this.dirPath = dirPath;
      this.name = name;
    }

    @Override
    public Path path() {
      Path p = path;
      if (p == null) {
        p = dirPath == null ? Path.of(name) : dirPath.resolve(name);
        path = p;
      }
      return p;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return;
      }
      // Through the thread's scratch buffer in chunks of up to 1 MiB, whatever the length: a buffer of its own for
      // a bigger write would be a fresh zeroed allocation (and, from malloc, fresh pages) on every call, which made
      // a stream of 1 MiB writes spend more time allocating than writing.
      Scratch s = SCRATCH.get();
      writeVia(s, s.io(len), b, off, len);
    }

    /** Copies {@code b} through the native {@code buf} and writes until all is written, retrying EINTR. */
    private void writeVia(Scratch s, MemorySegment buf, byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int chunk = (int) Math.min(len, buf.byteSize());
        MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, chunk);
        int done = 0;
        while (done < chunk) {
          long n = s.call(NR.write(), fd, buf.address() + done, chunk - done, 0, 0);
          if (n < 0) {
            if (s.errno() == Errno.EINTR) {
              continue;
            }
            throw Errno.exception(s.errno(), "write", path().toString(), null);
          }
          done += (int) n;
        }
        off += chunk;
        len -= chunk;
      }
    }

    @Override
    public long copyFrom(FileHandle source, long position, long len) throws IOException {
      if (!(source instanceof LinuxFile from) || noCopyFileRange) {
        return FileHandle.super.copyFrom(source, position, len);
      }
      Scratch s = SCRATCH.get();
      s.offset.set(JAVA_LONG, 0, position);
      long n;
      do {
        // off_out NULL: the copy lands at this file's position and moves it, as write(2) does
        n = s.call(NR.copyFileRange(), from.fd, s.offset.address(), fd, 0, Math.min(len, COPY_CHUNK_MAX)); // flags 0
      } while (n < 0 && s.errno() == Errno.EINTR);
      if (n < 0) {
        int e = s.errno();
        if (e == Errno.EXDEV || e == Errno.ENOSYS || e == Errno.EINVAL || e == Errno.EOPNOTSUPP) {
          // another filesystem on an older kernel, or a file type or kernel without the call: copy through a buffer
          noCopyFileRange = true;
          return FileHandle.super.copyFrom(source, position, len);
        }
        throw Errno.exception(e, "copy_file_range", path().toString(), source.path().toString());
      }
      return n;
    }

    @Override
    public void startWriteback(long offset, long len) throws IOException {
      Scratch s = SCRATCH.get();
      long r;
      do {
        r = s.call(NR.syncFileRange(), fd, offset, len, SYNC_FILE_RANGE_WRITE, 0);
      } while (r < 0 && s.errno() == Errno.EINTR);
      // a hint only: failures (say ENOSYS, or ESPIPE) leave the work to fsync
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return readRaw(b, off, len, false, 0);
    }

    @Override
    public int pread(byte[] b, int off, int len, long position) throws IOException {
      return readRaw(b, off, len, true, position);
    }

    @Override
    public int pread(MemorySegment dst, long position) throws IOException {
      if (!dst.isNative()) {
        return FileHandle.super.pread(dst, position);
      }
      if (dst.isReadOnly()) {
        throw new IllegalArgumentException("pread into a read-only segment");
      }
      long want = Math.min(dst.byteSize(), 1 << 30); // one read(2) returns at most about 2 GB anyway
      if (want == 0) {
        return 0;
      }
      Scratch s = SCRATCH.get();
      long n;
      try {
        do {
          n = s.call(NR.pread64(), fd, dst.address(), want, position, 0);
        } while (n < 0 && s.errno() == Errno.EINTR);
      } finally {
        Reference.reachabilityFence(dst); // memory of an automatic arena stays until the kernel has written it
      }
      if (n < 0) {
        throw Errno.exception(s.errno(), "pread", path().toString(), null);
      }
      return n == 0 ? -1 : (int) n;
    }

    /** read(2), or pread64(2) at {@code position}, through the native scratch buffer; -1 at the end. */
    private int readRaw(byte[] b, int off, int len, boolean positioned, long position) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      Scratch s = SCRATCH.get();
      MemorySegment buf = s.io(len);
      long want = Math.min(len, buf.byteSize());
      long n;
      do {
        n = positioned
            ? s.call(NR.pread64(), fd, buf.address(), want, position, 0)
            : s.call(NR.read(), fd, buf.address(), want, 0, 0);
      } while (n < 0 && s.errno() == Errno.EINTR);
      if (n < 0) {
        throw Errno.exception(s.errno(), positioned ? "pread" : "read", path().toString(), null);
      }
      if (n == 0) {
        return -1;
      }
      MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
      return (int) n;
    }

    @Override
    public void fsync() throws IOException {
      fsyncFd(fd, path());
    }

    @Override
    public void datasync() throws IOException {
      syncFd(NR.fdatasync(), "fdatasync", fd, path());
    }

    @Override
    public void chmod(int mode) throws IOException {
      Scratch s = SCRATCH.get();
      if (s.call(NR.fchmod(), fd, mode & 07777, 0, 0, 0) < 0) {
        throw Errno.exception(s.errno(), "fchmod", path().toString(), null);
      }
    }

    @Override
    public void chown(int uid, int gid) throws IOException {
      Scratch s = SCRATCH.get();
      // uid_t and gid_t are 32 bits: -1 ("leave unchanged") must reach the kernel as 0xffffffff.
      if (s.call(NR.fchown(), fd, Integer.toUnsignedLong(uid), Integer.toUnsignedLong(gid), 0, 0) < 0) {
        throw Errno.exception(s.errno(), "fchown", path().toString(), null);
      }
    }

    @Override
    public FileStat stat() throws IOException {
      return statRaw(fd, "", AT_EMPTY_PATH, null, path());
    }

    @Override
    public boolean lock(LockMode mode, boolean wait) throws IOException {
      int op = (mode == LockMode.SHARED ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
      Scratch s = SCRATCH.get();
      long r;
      do {
        r = s.call(NR.flock(), fd, op, 0, 0, 0);
      } while (r < 0 && s.errno() == Errno.EINTR);
      if (r < 0) {
        if (!wait && s.errno() == Errno.EAGAIN) {
          return false;
        }
        throw Errno.exception(s.errno(), "flock", path().toString(), null);
      }
      return true;
    }

    @Override
    public void unlock() throws IOException {
      Scratch s = SCRATCH.get();
      if (s.call(NR.flock(), fd, LOCK_UN, 0, 0, 0) < 0) {
        throw Errno.exception(s.errno(), "flock(unlock)", path().toString(), null);
      }
    }

    @Override
    public void truncate(long size) throws IOException {
      Scratch s = SCRATCH.get();
      if (s.call(NR.ftruncate(), fd, size, 0, 0, 0) < 0) {
        throw Errno.exception(s.errno(), "ftruncate", path().toString(), null);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        closeFd(fd, path());
      }
    }
  }

  private static void fsyncFd(int fd, Path path) throws IOException {
    syncFd(NR.fsync(), "fsync", fd, path);
  }

  /** fsync or fdatasync ({@code nr}), retried on EINTR. */
  private static void syncFd(long nr, String call, int fd, Path path) throws IOException {
    Scratch s = SCRATCH.get();
    long r;
    do {
      r = s.call(nr, fd, 0, 0, 0, 0);
    } while (r < 0 && s.errno() == Errno.EINTR);
    if (r < 0) {
      throw Errno.exception(s.errno(), call, String.valueOf(path), null);
    }
  }

  @Override
  public FileHandle createExclusive(Dir dir, String name, int mode) throws IOException {
    int fd = openRaw(dir, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY, mode, "openat(O_EXCL)");
    return new LinuxFile(fd, child(dir, name));
  }

  @Override
  public FileHandle open(Dir dir, String name, Access access, boolean followLinks) throws IOException {
    int flags = accessFlags(access) | O_NOCTTY | (followLinks ? 0 : O_NOFOLLOW);
    return new LinuxFile(openRaw(dir, name, flags, 0, "openat"), dir == null ? null : dir.path(), name);
  }

  @Override
  public FileHandle openOrCreate(Dir dir, String name, Access access, int mode) throws IOException {
    int flags = accessFlags(access) | O_CREAT | O_NOCTTY | O_NOFOLLOW;
    return new LinuxFile(openRaw(dir, name, flags, mode, "openat(O_CREAT)"), child(dir, name));
  }

  private static int accessFlags(Access access) {
    return switch (access) {
      case READ -> O_RDONLY;
      case WRITE -> O_WRONLY;
      case READ_WRITE -> O_RDWR;
      case APPEND -> O_WRONLY | O_APPEND;
      case READ_APPEND -> O_RDWR | O_APPEND;
    };
  }

  // ---- names

  @Override
  public void rename(Dir fromDir, String from, Dir toDir, String to, boolean noReplace) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment a = cString(s.name1, from);
    MemorySegment b = cString(s.name2, to);
    // renameat2 with flags 0 is renameat(2) on every filesystem.
    long r = s.call(NR.renameat2(), fd(fromDir), a.address(), fd(toDir), b.address(), noReplace ? RENAME_NOREPLACE : 0);
    if (r < 0) {
      int e = s.errno();
      if (noReplace && (e == Errno.EINVAL || e == Errno.ENOSYS)) {
        // The filesystem has no RENAME_NOREPLACE: link(2) fails atomically on an existing name too.
        link(fromDir, from, toDir, to);
        unlink(fromDir, from);
        return;
      }
      throw Errno.exception(e, noReplace ? "renameat2(RENAME_NOREPLACE)" : "renameat",
          child(fromDir, from).toString(), child(toDir, to).toString());
    }
  }

  @Override
  public void link(Dir fromDir, String from, Dir toDir, String to) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment a = cString(s.name1, from);
    MemorySegment b = cString(s.name2, to);
    if (s.call(NR.linkat(), fd(fromDir), a.address(), fd(toDir), b.address(), 0) < 0) {
      throw Errno.exception(s.errno(), "linkat", child(fromDir, from).toString(), child(toDir, to).toString());
    }
  }

  @Override
  public void unlink(Dir dir, String name) throws IOException {
    unlinkRaw(dir, name, 0, "unlinkat");
  }

  @Override
  public void rmdir(Dir dir, String name) throws IOException {
    unlinkRaw(dir, name, AT_REMOVEDIR, "unlinkat(AT_REMOVEDIR)");
  }

  private static void unlinkRaw(Dir dir, String name, int flags, String call) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    if (s.call(NR.unlinkat(), fd(dir), n.address(), flags, 0, 0) < 0) {
      throw Errno.exception(s.errno(), call, child(dir, name).toString(), null);
    }
  }

  @Override
  public void mkdir(Dir dir, String name, int mode) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    if (s.call(NR.mkdirat(), fd(dir), n.address(), mode, 0, 0) < 0) {
      throw Errno.exception(s.errno(), "mkdirat", child(dir, name).toString(), null);
    }
  }

  @Override
  public FileStat stat(Dir dir, String name, boolean followLinks) throws IOException {
    // the path is made only for an error message: a walk stats a file per match
    return statRaw(fd(dir), name, followLinks ? 0 : AT_SYMLINK_NOFOLLOW, dir, null);
  }

  @Override
  public FileStat stat(Dir dir) throws IOException {
    return statRaw(fd(dir), "", AT_EMPTY_PATH, null, dir.path());
  }

  /** statx; an error names {@code path}, or when null {@code name} in {@code dir}. */
  private static FileStat statRaw(int dirFd, String name, int flags, Dir dir, Path path) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    MemorySegment b = s.statx;
    if (s.call(NR.statx(), dirFd, n.address(), flags, STATX_BASIC_STATS, b.address()) < 0) {
      throw Errno.exception(s.errno(), "statx", String.valueOf(path != null ? path : child(dir, name)), null);
    }
    int rawMode = Short.toUnsignedInt(b.get(JAVA_SHORT, 28));
    long devMajor = Integer.toUnsignedLong(b.get(JAVA_INT, 136));
    long devMinor = Integer.toUnsignedLong(b.get(JAVA_INT, 140));
    return new FileStat(
        FileType.ofMode(rawMode), rawMode & 07777,
        b.get(JAVA_INT, 20), b.get(JAVA_INT, 24),
        b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 32), (devMajor << 32) | devMinor,
        Integer.toUnsignedLong(b.get(JAVA_INT, 16)),
        time(b, 64), time(b, 112), time(b, 96));
  }

  private static Instant time(MemorySegment b, long offset) {
    return Instant.ofEpochSecond(b.get(JAVA_LONG, offset), Integer.toUnsignedLong(b.get(JAVA_INT, offset + 8)));
  }

  @Override
  public String readLink(Dir dir, String name) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    MemorySegment out = s.name2;
    long r = s.call(NR.readlinkat(), fd(dir), n.address(), out.address(), out.byteSize(), 0);
    if (r < 0) {
      throw Errno.exception(s.errno(), "readlinkat", child(dir, name).toString(), null);
    }
    byte[] bytes = new byte[(int) r];
    MemorySegment.copy(out, JAVA_BYTE, 0, bytes, 0, bytes.length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void list(Dir dir, Consumer<DirEntry> sink) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment buf = s.dents();
    int fd = fd(dir);
    rewind(s, fd, dir);
    byte[] nameBytes = new byte[256];
    while (true) {
      long n = getdents(s, fd, buf, dir);
      if (n == 0) {
        return;
      }
      // The sink may list another directory on this thread, which reuses the buffer: copy this batch out first.
      List<DirEntry> batch = new ArrayList<>();
      long pos = 0;
      while (pos < n) {
        long ino = buf.get(JAVA_LONG, pos);
        int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT, pos + 16));
        int type = Byte.toUnsignedInt(buf.get(JAVA_BYTE, pos + 18));
        long nameStart = pos + 19;
        int len = 0;
        long max = reclen - 19;
        while (len < max && buf.get(JAVA_BYTE, nameStart + len) != 0) {
          len++;
        }
        if (len > nameBytes.length) {
          nameBytes = new byte[len];
        }
        MemorySegment.copy(buf, JAVA_BYTE, nameStart, nameBytes, 0, len);
        pos += reclen;
        if ((len == 1 && nameBytes[0] == '.') || (len == 2 && nameBytes[0] == '.' && nameBytes[1] == '.')) {
          continue;
        }
        batch.add(new DirEntry(new String(nameBytes, 0, len, StandardCharsets.UTF_8),
            FileType.ofDirentType(type), ino));
      }
      for (DirEntry e : batch) {
        sink.accept(e);
      }
    }
  }

  /** One getdents64(2) batch of {@code dir} into {@code buf}: its length in bytes, 0 at the end of the directory. */
  private static long getdents(Scratch s, int fd, MemorySegment buf, Dir dir) throws IOException {
    while (true) {
      long n = s.call(NR.getdents64(), fd, buf.address(), buf.byteSize(), 0, 0);
      if (n >= 0) {
        return n;
      }
      if (s.errno() != Errno.EINTR) {
        throw Errno.exception(s.errno(), "getdents64", dir.path().toString(), null);
      }
    }
  }

  /**
   * A directory listed before is listed again from its start (getdents64 goes on from the descriptor's offset); a
   * fresh descriptor is at its start already, which spares a walk one lseek per directory.
   */
  private static void rewind(Scratch s, int fd, Dir dir) throws IOException {
    LinuxDir d = (LinuxDir) dir;
    if (!d.listed) {
      d.listed = true;
      return;
    }
    if (s.call(NR.lseek(), fd, 0, 0 /* SEEK_SET */, 0, 0) < 0) {
      throw Errno.exception(s.errno(), "lseek", dir.path().toString(), null);
    }
  }

  @Override
  public void listNames(Dir dir, NameSink sink) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment seg = s.dents();
    int fd = fd(dir);
    rewind(s, fd, dir);
    byte[] buf = s.dentsHeap(); // one per thread, not one per directory: the walker lists thousands of them
    while (true) {
      long n = getdents(s, fd, seg, dir);
      if (n == 0) {
        return;
      }
      MemorySegment.copy(seg, JAVA_BYTE, 0, buf, 0, (int) n);
      int pos = 0;
      while (pos < n) {
        int reclen = (buf[pos + 16] & 0xff) | (buf[pos + 17] & 0xff) << 8;
        int type = buf[pos + 18] & 0xff;
        int nameStart = pos + 19;
        int end = pos + reclen;
        // the name is NUL-padded to the 8-byte record end: its NUL is in the last 8 bytes of the record
        int i = Math.max(nameStart, end - 8);
        while (i < end && buf[i] != 0) {
          i++;
        }
        int len = i - nameStart;
        pos = end;
        if (buf[nameStart] == '.' && (len == 1 || (len == 2 && buf[nameStart + 1] == '.'))) {
          continue;
        }
        sink.entry(buf, nameStart, len, FileType.ofDirentType(type));
      }
    }
  }

  @Override
  public void fsync(Dir dir) throws IOException {
    fsyncFd(fd(dir), dir.path());
  }

  @Override
  public int umask() {
    return ProcUmask.read();
  }

  @Override
  public String toString() {
    return "LinuxOs";
  }
}
