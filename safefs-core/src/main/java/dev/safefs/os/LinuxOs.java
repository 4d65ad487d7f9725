package dev.safefs.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
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
  static final boolean GENERIC_ABI = !System.getProperty("os.arch", "").matches("amd64|x86_64");
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
  static final long SYS_OPENAT2 = 437;
  static final long RESOLVE_NO_MAGICLINKS = 0x02;
  static final long RESOLVE_BENEATH = 0x08;
  static final int STATX_BASIC_STATS = 0x7ff;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(
      java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

  private static final LinuxOs INSTANCE;
  private static final String UNAVAILABLE;

  static {
    LinuxOs os = null;
    String why = null;
    try {
      if (!System.getProperty("os.name", "").startsWith("Linux")) {
        why = "not Linux";
      } else {
        os = new LinuxOs();
      }
    } catch (Throwable t) { // IllegalCallerException when native access is denied, or a missing symbol
      why = t.toString();
    }
    INSTANCE = os;
    UNAVAILABLE = why;
  }

  static LinuxOs instance() {
    return INSTANCE;
  }

  static String unavailableReason() {
    return UNAVAILABLE;
  }

  private final MethodHandle openat;
  private final MethodHandle close;
  private final MethodHandle write;
  private final MethodHandle read;
  private final MethodHandle pread;
  private final MethodHandle fsync;
  private final MethodHandle fchmod;
  private final MethodHandle fchown;
  private final MethodHandle ftruncate;
  private final MethodHandle flock;
  private final MethodHandle renameat2;
  private final MethodHandle renameat;
  private final MethodHandle linkat;
  private final MethodHandle unlinkat;
  private final MethodHandle mkdirat;
  private final MethodHandle readlinkat;
  private final MethodHandle statx;
  private final MethodHandle getdents64;
  private final MethodHandle openat2;
  private static MethodHandle strerror;

  private LinuxOs() {
    SymbolLookup libc = LINKER.defaultLookup();
    openat = downcall(libc, "openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    close = downcall(libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), -1);
    write = critical(libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    read = downcall(libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), -1);
    pread = critical(libc, "pread64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    fsync = downcall(libc, "fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), -1);
    fchmod = downcall(libc, "fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), -1);
    fchown = downcall(libc, "fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), -1);
    ftruncate = downcall(libc, "ftruncate64", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), -1);
    flock = downcall(libc, "flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), -1);
    renameat2 = downcall(libc, "renameat2",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), -1);
    renameat = downcall(libc, "renameat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), -1);
    linkat = downcall(libc, "linkat",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), -1);
    unlinkat = downcall(libc, "unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), -1);
    mkdirat = downcall(libc, "mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), -1);
    readlinkat = downcall(libc, "readlinkat",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), -1);
    statx = downcall(libc, "statx",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), -1);
    getdents64 = downcall(libc, "getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), -1);
    openat2 = downcall(libc, "syscall",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), 1);
    strerror = LINKER.downcallHandle(libc.find("strerror").orElseThrow(),
        FunctionDescriptor.of(ADDRESS, JAVA_INT));
  }

  private static MethodHandle downcall(SymbolLookup lookup, String name, FunctionDescriptor fd, int firstVariadic) {
    MemorySegment sym = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    Linker.Option capture = Linker.Option.captureCallState("errno");
    return firstVariadic >= 0
        ? LINKER.downcallHandle(sym, fd, capture, Linker.Option.firstVariadicArg(firstVariadic))
        : LINKER.downcallHandle(sym, fd, capture);
  }

  /** Short calls on page-cache memory may read or write a Java array in place instead of copying it. */
  private static MethodHandle critical(SymbolLookup lookup, String name, FunctionDescriptor fd) {
    MemorySegment sym = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(sym, fd, Linker.Option.captureCallState("errno"), Linker.Option.critical(true));
  }

  static String strerror(int errno) {
    try {
      if (strerror == null) {
        return "errno " + errno;
      }
      MemorySegment s = (MemorySegment) strerror.invokeExact(errno);
      return s.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  /** Per-thread native scratch: errno capture, two C strings and a statx buffer, so calls allocate nothing. */
  private static final class Scratch {
    final Arena arena = Arena.ofAuto();
    final MemorySegment errno = arena.allocate(CAPTURE);
    final MemorySegment name1 = arena.allocate(4097);
    final MemorySegment name2 = arena.allocate(4097);
    final MemorySegment statx = arena.allocate(256, 8);
    final MemorySegment how = arena.allocate(24, 8);
    final MemorySegment dents = arena.allocate(64 * 1024, 8);

    int errno() {
      return (int) ERRNO.get(errno, 0L);
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

  private static IOException failure(Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IOException(t);
  }

  // ---- directories

  static final class LinuxDir implements Dir {
    final int fd;
    final Path path;
    private boolean closed;

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
        INSTANCE.closeFd(fd, path);
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

  void closeFd(int fd, Path path) throws IOException {
    Scratch s = SCRATCH.get();
    int r;
    try {
      r = (int) close.invokeExact(s.errno, fd);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (r < 0 && s.errno() != Errno.EINTR) {
      throw Errno.exception(s.errno(), "close", String.valueOf(path), null);
    }
  }

  private int openRaw(Dir dir, String name, int flags, int mode, String call) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    int fd;
    try {
      do {
        fd = (int) openat.invokeExact(s.errno, fd(dir), n, flags | O_CLOEXEC, mode);
      } while (fd < 0 && s.errno() == Errno.EINTR);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (fd < 0) {
      throw Errno.exception(s.errno(), call, child(dir, name).toString(), null);
    }
    return fd;
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
    try {
      do {
        fd = (long) openat2.invokeExact(s.errno, SYS_OPENAT2, (long) fd(root), n, s.how, 24L);
      } while (fd < 0 && s.errno() == Errno.EINTR);
    } catch (Throwable t) {
      throw failure(t);
    }
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

  final class LinuxFile implements FileHandle {
    final int fd;
    final Path path;
    private boolean closed;

    LinuxFile(int fd, Path path) {
      this.fd = fd;
      this.path = path;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      Scratch s = SCRATCH.get();
      MemorySegment seg = MemorySegment.ofArray(b);
      while (len > 0) {
        long n;
        try {
          n = (long) write.invokeExact(s.errno, fd, seg.asSlice(off), (long) len);
        } catch (Throwable t) {
          throw failure(t);
        }
        if (n < 0) {
          if (s.errno() == Errno.EINTR) {
            continue;
          }
          throw Errno.exception(s.errno(), "write", path.toString(), null);
        }
        off += (int) n;
        len -= (int) n;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      Scratch s = SCRATCH.get();
      // read(2) may block on a pipe or FIFO, so it goes through a native buffer, never a pinned array.
      try (Arena a = Arena.ofConfined()) {
        MemorySegment buf = a.allocate(len);
        long n;
        do {
          n = (long) read.invokeExact(s.errno, fd, buf, (long) len);
        } while (n < 0 && s.errno() == Errno.EINTR);
        if (n < 0) {
          throw Errno.exception(s.errno(), "read", path.toString(), null);
        }
        if (n == 0) {
          return -1;
        }
        MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
        return (int) n;
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        throw failure(t);
      }
    }

    @Override
    public int pread(byte[] b, int off, int len, long position) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      Scratch s = SCRATCH.get();
      long n;
      try {
        do {
          n = (long) pread.invokeExact(s.errno, fd, MemorySegment.ofArray(b).asSlice(off), (long) len, position);
        } while (n < 0 && s.errno() == Errno.EINTR);
      } catch (Throwable t) {
        throw failure(t);
      }
      if (n < 0) {
        throw Errno.exception(s.errno(), "pread", path.toString(), null);
      }
      return n == 0 ? -1 : (int) n;
    }

    @Override
    public void fsync() throws IOException {
      fsyncFd(fd, path);
    }

    @Override
    public void chmod(int mode) throws IOException {
      Scratch s = SCRATCH.get();
      int r;
      try {
        r = (int) fchmod.invokeExact(s.errno, fd, mode & 07777);
      } catch (Throwable t) {
        throw failure(t);
      }
      if (r < 0) {
        throw Errno.exception(s.errno(), "fchmod", path.toString(), null);
      }
    }

    @Override
    public void chown(int uid, int gid) throws IOException {
      Scratch s = SCRATCH.get();
      int r;
      try {
        r = (int) fchown.invokeExact(s.errno, fd, uid, gid);
      } catch (Throwable t) {
        throw failure(t);
      }
      if (r < 0) {
        throw Errno.exception(s.errno(), "fchown", path.toString(), null);
      }
    }

    @Override
    public FileStat stat() throws IOException {
      return statRaw(fd, "", AT_EMPTY_PATH, path);
    }

    @Override
    public boolean lock(LockMode mode, boolean wait) throws IOException {
      int op = (mode == LockMode.SHARED ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
      Scratch s = SCRATCH.get();
      int r;
      try {
        do {
          r = (int) flock.invokeExact(s.errno, fd, op);
        } while (r < 0 && s.errno() == Errno.EINTR);
      } catch (Throwable t) {
        throw failure(t);
      }
      if (r < 0) {
        if (!wait && s.errno() == Errno.EAGAIN) {
          return false;
        }
        throw Errno.exception(s.errno(), "flock", path.toString(), null);
      }
      return true;
    }

    @Override
    public void unlock() throws IOException {
      Scratch s = SCRATCH.get();
      int r;
      try {
        r = (int) flock.invokeExact(s.errno, fd, LOCK_UN);
      } catch (Throwable t) {
        throw failure(t);
      }
      if (r < 0) {
        throw Errno.exception(s.errno(), "flock(unlock)", path.toString(), null);
      }
    }

    @Override
    public void truncate(long size) throws IOException {
      Scratch s = SCRATCH.get();
      int r;
      try {
        r = (int) ftruncate.invokeExact(s.errno, fd, size);
      } catch (Throwable t) {
        throw failure(t);
      }
      if (r < 0) {
        throw Errno.exception(s.errno(), "ftruncate", path.toString(), null);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        closeFd(fd, path);
      }
    }
  }

  private void fsyncFd(int fd, Path path) throws IOException {
    Scratch s = SCRATCH.get();
    int r;
    try {
      do {
        r = (int) fsync.invokeExact(s.errno, fd);
      } while (r < 0 && s.errno() == Errno.EINTR);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (r < 0) {
      throw Errno.exception(s.errno(), "fsync", String.valueOf(path), null);
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
    return new LinuxFile(openRaw(dir, name, flags, 0, "openat"), child(dir, name));
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
    int r;
    try {
      r = noReplace
          ? (int) renameat2.invokeExact(s.errno, fd(fromDir), a, fd(toDir), b, RENAME_NOREPLACE)
          : (int) renameat.invokeExact(s.errno, fd(fromDir), a, fd(toDir), b);
    } catch (Throwable t) {
      throw failure(t);
    }
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
    int r;
    try {
      r = (int) linkat.invokeExact(s.errno, fd(fromDir), a, fd(toDir), b, 0);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (r < 0) {
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

  private void unlinkRaw(Dir dir, String name, int flags, String call) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    int r;
    try {
      r = (int) unlinkat.invokeExact(s.errno, fd(dir), n, flags);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (r < 0) {
      throw Errno.exception(s.errno(), call, child(dir, name).toString(), null);
    }
  }

  @Override
  public void mkdir(Dir dir, String name, int mode) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    int r;
    try {
      r = (int) mkdirat.invokeExact(s.errno, fd(dir), n, mode);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (r < 0) {
      throw Errno.exception(s.errno(), "mkdirat", child(dir, name).toString(), null);
    }
  }

  @Override
  public FileStat stat(Dir dir, String name, boolean followLinks) throws IOException {
    return statRaw(fd(dir), name, followLinks ? 0 : AT_SYMLINK_NOFOLLOW, child(dir, name));
  }

  @Override
  public FileStat stat(Dir dir) throws IOException {
    return statRaw(fd(dir), "", AT_EMPTY_PATH, dir.path());
  }

  private FileStat statRaw(int dirFd, String name, int flags, Path forMessage) throws IOException {
    Scratch s = SCRATCH.get();
    MemorySegment n = cString(s.name1, name);
    MemorySegment b = s.statx;
    int r;
    try {
      r = (int) statx.invokeExact(s.errno, dirFd, n, flags, STATX_BASIC_STATS, b);
    } catch (Throwable t) {
      throw failure(t);
    }
    if (r < 0) {
      throw Errno.exception(s.errno(), "statx", String.valueOf(forMessage), null);
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
    long r;
    try {
      r = (long) readlinkat.invokeExact(s.errno, fd(dir), n, out, out.byteSize());
    } catch (Throwable t) {
      throw failure(t);
    }
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
    MemorySegment buf = s.dents;
    int fd = fd(dir);
    byte[] nameBytes = new byte[256];
    while (true) {
      long n;
      try {
        n = (long) getdents64.invokeExact(s.errno, fd, buf, buf.byteSize());
      } catch (Throwable t) {
        throw failure(t);
      }
      if (n < 0) {
        if (s.errno() == Errno.EINTR) {
          continue;
        }
        throw Errno.exception(s.errno(), "getdents64", dir.path().toString(), null);
      }
      if (n == 0) {
        return;
      }
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
        sink.accept(new DirEntry(new String(nameBytes, 0, len, StandardCharsets.UTF_8),
            FileType.ofDirentType(type), ino));
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
