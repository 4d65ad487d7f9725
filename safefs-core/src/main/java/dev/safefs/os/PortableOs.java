package dev.safefs.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The same primitives on java.nio alone, for systems without the Linux layer. It works by path, so it cannot close
 * the races the descriptor-relative Linux calls close: a directory swapped for a symlink between a check and a use
 * is followed. Locks are POSIX record locks (fcntl), which exclude other Java processes but not flock(2) users.
 */
final class PortableOs implements Os {

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** A marker in an option set (never passed to NIO): every write first moves to the end of the file. */
  private static final OpenOption SEEK_END_ON_WRITE = new OpenOption() {
    @Override
    public String toString() {
      return "SEEK_END_ON_WRITE";
    }
  };

  record PathDir(Path path) implements Dir {
    @Override
    public void close() {}
  }

  private static Path resolve(Dir dir, String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("name contains a NUL byte: " + name.replace('\0', '?'));
    }
    return dir == null ? Path.of(name) : dir.path().resolve(name);
  }

  @Override
  public String name() {
    return "portable";
  }

  @Override
  public Dir openDir(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      if (!Files.exists(path, NOFOLLOW)) {
        throw new NoSuchFileException(path.toString());
      }
      throw new NotDirectoryException(path.toString());
    }
    return new PathDir(path);
  }

  @Override
  public Dir openDirAt(Dir dir, String name, boolean followLinks) throws IOException {
    Path p = resolve(dir, name);
    if (!followLinks && Files.isSymbolicLink(p)) {
      throw new java.nio.file.FileSystemLoopException(p.toString());
    }
    return openDir(p);
  }

  @Override
  public Dir openDirBeneath(Dir root, String relative) throws IOException {
    Path rootReal = root.path().toRealPath();
    Path p = root.path().resolve(relative.isEmpty() ? "." : relative).normalize();
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      if (!Path.of(relative).isAbsolute() && p.startsWith(root.path().normalize())) {
        throw e;
      }
      throw new EscapeException(p.toString(), "resolves outside " + root.path());
    }
    if (!real.startsWith(rootReal) || Path.of(relative).isAbsolute()) {
      throw new EscapeException(p.toString(), "resolves outside " + root.path());
    }
    return openDir(real);
  }

  final class PortableFile implements FileHandle {
    final FileChannel ch;
    final Path path;
    final boolean writable;
    final boolean seekEndOnWrite;
    private FileLock lock;

    PortableFile(FileChannel ch, Path path, boolean writable, boolean seekEndOnWrite) {
      this.ch = ch;
      this.path = path;
      this.writable = writable;
      this.seekEndOnWrite = seekEndOnWrite;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      if (seekEndOnWrite) {
        ch.position(ch.size());
      }
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return ch.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int pread(byte[] b, int off, int len, long position) throws IOException {
      return ch.read(ByteBuffer.wrap(b, off, len), position);
    }

    @Override
    public int pread(ByteBuffer buffer, long position) throws IOException {
      return ch.read(buffer, position);
    }

    @Override
    public void fsync() throws IOException {
      ch.force(true);
    }

    @Override
    public void datasync() throws IOException {
      ch.force(false); // fdatasync on Linux
    }

    @Override
    public void chmod(int mode) throws IOException {
      Files.setAttribute(path, "unix:mode", mode & 07777, NOFOLLOW);
    }

    @Override
    public void chown(int uid, int gid) throws IOException {
      if (uid >= 0) {
        Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
      }
      if (gid >= 0) {
        Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
      }
    }

    @Override
    public FileStat stat() throws IOException {
      return PortableOs.stat(path, false);
    }

    @Override
    public boolean lock(LockMode mode, boolean wait) throws IOException {
      // fcntl locks need a writable channel for an exclusive lock; flock(2) does not. On a read-only channel the
      // portable layer can only take a shared lock, which excludes writers' exclusive locks but not other readers.
      boolean shared = mode == LockMode.SHARED || !writable;
      try {
        if (wait) {
          lock = ch.lock(0, Long.MAX_VALUE, shared);
        } else {
          lock = ch.tryLock(0, Long.MAX_VALUE, shared);
        }
      } catch (java.nio.channels.OverlappingFileLockException e) {
        return false;
      }
      return lock != null;
    }

    @Override
    public void unlock() throws IOException {
      if (lock != null) {
        lock.release();
        lock = null;
      }
    }

    @Override
    public void truncate(long size) throws IOException {
      ch.truncate(size);
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  private FileHandle open(Path p, Set<OpenOption> options, Integer createMode) throws IOException {
    boolean seekEnd = options.remove(SEEK_END_ON_WRITE);
    FileChannel ch;
    try {
      ch = createMode == null
          ? FileChannel.open(p, options)
          : FileChannel.open(p, options, PosixFilePermissions.asFileAttribute(permissions(createMode)));
    } catch (java.nio.file.FileSystemException e) {
      throw e;
    } catch (IOException e) {
      // NIO reports ELOOP from O_NOFOLLOW as a bare IOException: give it the type the Linux layer gives it.
      if (options.contains(LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(p)) {
        throw new java.nio.file.FileSystemLoopException(p.toString());
      }
      throw e;
    }
    return new PortableFile(ch, p, options.contains(StandardOpenOption.WRITE), seekEnd);
  }

  @Override
  public FileHandle createExclusive(Dir dir, String name, int mode) throws IOException {
    Set<OpenOption> o = new HashSet<>(Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    return open(resolve(dir, name), o, mode);
  }

  @Override
  public FileHandle open(Dir dir, String name, Access access, boolean followLinks) throws IOException {
    Set<OpenOption> o = options(access);
    if (!followLinks) {
      o.add(LinkOption.NOFOLLOW_LINKS);
    }
    return open(resolve(dir, name), o, null);
  }

  @Override
  public FileHandle openOrCreate(Dir dir, String name, Access access, int mode) throws IOException {
    Set<OpenOption> o = options(access);
    o.add(StandardOpenOption.CREATE);
    o.add(LinkOption.NOFOLLOW_LINKS);
    return open(resolve(dir, name), o, mode);
  }

  private static Set<OpenOption> options(Access access) {
    Set<OpenOption> o = new HashSet<>();
    switch (access) {
      case READ -> o.add(StandardOpenOption.READ);
      case WRITE -> o.add(StandardOpenOption.WRITE);
      case READ_WRITE -> {
        o.add(StandardOpenOption.READ);
        o.add(StandardOpenOption.WRITE);
      }
      case APPEND -> {
        o.add(StandardOpenOption.WRITE);
        o.add(StandardOpenOption.APPEND);
      }
      case READ_APPEND -> {
        // NIO refuses READ with APPEND: the file is opened read-write and each write seeks to the end first
        // (atomic only against writers that hold the file's lock, which is how READ_APPEND is used).
        o.add(StandardOpenOption.READ);
        o.add(StandardOpenOption.WRITE);
        o.add(SEEK_END_ON_WRITE);
      }
    }
    return o;
  }

  @Override
  public void rename(Dir fromDir, String from, Dir toDir, String to, boolean noReplace) throws IOException {
    Path a = resolve(fromDir, from);
    Path b = resolve(toDir, to);
    if (noReplace) {
      // A hard link fails atomically when the name exists; ATOMIC_MOVE would silently replace it.
      Files.createLink(b, a);
      Files.delete(a);
    } else {
      Files.move(a, b, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public void link(Dir fromDir, String from, Dir toDir, String to) throws IOException {
    Files.createLink(resolve(toDir, to), resolve(fromDir, from));
  }

  @Override
  public void unlink(Dir dir, String name) throws IOException {
    Path p = resolve(dir, name);
    if (Files.isDirectory(p, NOFOLLOW)) {
      throw new java.nio.file.FileSystemException(p.toString(), null, "is a directory");
    }
    Files.delete(p);
  }

  @Override
  public void rmdir(Dir dir, String name) throws IOException {
    Path p = resolve(dir, name);
    if (!Files.isDirectory(p, NOFOLLOW)) {
      throw new NotDirectoryException(p.toString());
    }
    Files.delete(p);
  }

  @Override
  public void mkdir(Dir dir, String name, int mode) throws IOException {
    Files.createDirectory(resolve(dir, name), PosixFilePermissions.asFileAttribute(permissions(mode)));
  }

  @Override
  public FileStat stat(Dir dir, String name, boolean followLinks) throws IOException {
    return stat(resolve(dir, name), followLinks);
  }

  @Override
  public FileStat stat(Dir dir) throws IOException {
    return stat(dir.path(), true);
  }

  static FileStat stat(Path p, boolean followLinks) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:*", followLinks ? new LinkOption[0] : NOFOLLOW);
    int rawMode = (Integer) a.get("mode");
    return new FileStat(FileType.ofMode(rawMode), rawMode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
        (Long) a.get("size"), (Long) a.get("ino"), (Long) a.get("dev"), ((Integer) a.get("nlink")).longValue(),
        ((FileTime) a.get("lastAccessTime")).toInstant(), ((FileTime) a.get("lastModifiedTime")).toInstant(),
        ((FileTime) a.get("ctime")).toInstant());
  }

  @Override
  public String readLink(Dir dir, String name) throws IOException {
    return Files.readSymbolicLink(resolve(dir, name)).toString();
  }

  @Override
  public void list(Dir dir, Consumer<DirEntry> sink) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.path())) {
      for (Path p : ds) {
        FileType type;
        long ino;
        try {
          FileStat st = stat(p, false);
          type = st.type();
          ino = st.inode();
        } catch (NoSuchFileException e) {
          continue;
        }
        sink.accept(new DirEntry(p.getFileName().toString(), type, ino));
      }
    }
  }

  @Override
  public void fsync(Dir dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.path(), StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public int umask() {
    return ProcUmask.read();
  }

  @Override
  public String toString() {
    return "PortableOs";
  }
}
