package dev.safefs.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The few operating-system primitives everything in safefs is written on. Two implementations: {@link LinuxOs}
 * (system calls through java.lang.foreign) and {@link PortableOs} (java.nio). {@link #get()} picks one; the system
 * property {@code safefs.os=portable} forces the portable one.
 *
 * <p>Names passed to the {@code *At} operations are single path components unless said otherwise; operations never
 * follow a symlink in the last component unless asked.
 */
public interface Os {

  /** How a file is opened by {@link #open}. */
  enum Access {
    READ, WRITE, READ_WRITE, APPEND,
    /** O_RDWR|O_APPEND: every write goes to the end, and the file can still be read (pread) and truncated. */
    READ_APPEND
  }

  static Os get() {
    return Holder.DEFAULT;
  }

  static Os portable() {
    return Holder.PORTABLE;
  }

  /** The native implementation, or null where it is not available (not Linux, or native access refused). */
  static Os linux() {
    return LinuxOs.instance();
  }

  /** "linux" or "portable". */
  String name();

  /** Opens a directory by path, following symlinks in the path as open(2) does. */
  Dir openDir(Path path) throws IOException;

  /** Opens a subdirectory of {@code dir}; with {@code followLinks} false a symlink is refused (ELOOP/ENOTDIR). */
  Dir openDirAt(Dir dir, String name, boolean followLinks) throws IOException;

  /**
   * Resolves a relative path beneath {@code root} (openat2 RESOLVE_BENEATH): {@code ..}, absolute symlinks and
   * symlinks that leave the root fail with an {@link EscapeException}. Symlinks inside the root are followed while
   * they stay inside. Files are then reached with the {@code *At} operations on the directory this returns.
   */
  Dir openDirBeneath(Dir root, String relative) throws IOException;

  /** Creates {@code name} in {@code dir} with O_CREAT|O_EXCL|O_NOFOLLOW and {@code mode}, opened read-write. */
  FileHandle createExclusive(Dir dir, String name, int mode) throws IOException;

  /** Opens an existing file; never follows a symlink in the last component unless {@code followLinks}. */
  FileHandle open(Dir dir, String name, Access access, boolean followLinks) throws IOException;

  /** Opens {@code name} for appending, creating it with {@code mode} when absent (no symlink following). */
  FileHandle openOrCreate(Dir dir, String name, Access access, int mode) throws IOException;

  /** renameat / renameat2: with {@code noReplace}, fails with FileAlreadyExistsException when the target exists. */
  void rename(Dir fromDir, String from, Dir toDir, String to, boolean noReplace) throws IOException;

  /** linkat without following: a hard link {@code to} for {@code from}. */
  void link(Dir fromDir, String from, Dir toDir, String to) throws IOException;

  /** unlinkat of a non-directory. */
  void unlink(Dir dir, String name) throws IOException;

  /** unlinkat(AT_REMOVEDIR) of an empty directory. */
  void rmdir(Dir dir, String name) throws IOException;

  void mkdir(Dir dir, String name, int mode) throws IOException;

  /** stat or lstat of a name in {@code dir}; NoSuchFileException when absent. */
  FileStat stat(Dir dir, String name, boolean followLinks) throws IOException;

  /** stat of the open directory itself. */
  FileStat stat(Dir dir) throws IOException;

  String readLink(Dir dir, String name) throws IOException;

  /** Lists the entries of {@code dir} (without "." and ".."), with their types where the filesystem gives them. */
  void list(Dir dir, Consumer<DirEntry> sink) throws IOException;

  /**
   * Lists the entries of {@code dir} like {@link #list(Dir, Consumer)}, as UTF-8 name bytes. The sink must not list
   * another directory on the same thread while it runs (the buffer is per thread).
   */
  default void listNames(Dir dir, NameSink sink) throws IOException {
    list(dir, e -> {
      byte[] b = e.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      sink.entry(b, 0, b.length, e.type());
    });
  }

  /** fsync of the directory itself, making renames and creations in it durable. */
  void fsync(Dir dir) throws IOException;

  /** The process umask. */
  int umask();

  final class Holder {
    static final Os PORTABLE = new PortableOs();
    static final Os DEFAULT = choose();

    private static Os choose() {
      String wanted = System.getProperty("safefs.os", "");
      if ("portable".equalsIgnoreCase(wanted)) {
        return PORTABLE;
      }
      Os linux = LinuxOs.instance();
      if (linux == null && "native".equalsIgnoreCase(wanted) && System.getProperty("os.name", "").startsWith("Linux")) {
        throw new IllegalStateException("safefs.os=native but the Linux system calls are unavailable: "
            + LinuxOs.unavailableReason());
      }
      return linux != null ? linux : PORTABLE;
    }

    private Holder() {}
  }
}
