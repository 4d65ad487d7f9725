package dev.safefs.write;

import dev.safefs.DeniedException;
import dev.safefs.SafeFsException;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Writes a secret: mode 0600 from its first byte, never created wider and narrowed later (the race of {@code touch}
 * then {@code chmod}), in a directory that others cannot write.
 *
 * <p>The whole path, on top of {@link AtomicWriter}: the temp is created by open(O_CREAT|O_EXCL|O_NOFOLLOW) with mode
 * 0600 (the umask can only narrow it, never widen it); fchmod(0600) on the descriptor before the rename; the rename
 * publishes an inode that is already 0600. No name in the directory, the temp's or the target's, ever shows another
 * mode (a umask that removes owner bits would show a narrower temp, never a wider one).
 *
 * <p>Later replaces: this writer always asks for 0600, and a plain {@link AtomicWriter} keeps the mode of the file it
 * replaces, so a secret stays 0600 when rewritten by {@code safefs write} too, unless a mode is given explicitly.
 *
 * <p>A group- or world-writable parent directory is refused unless forced (as logrotate refuses one): anyone who
 * can write it can swap the name for their own file or link after the write. Checked on the directory the file
 * really lands in (after symlinks), through the descriptor the write uses.
 */
public final class SecretWriter {
  static final String OP = "secret";
  public static final int MODE = 0600;

  private SecretWriter() {}

  public static WriteResult write(Path path, InputStream content, boolean force) throws IOException {
    return write(Os.get(), path, content, force, Durability.FILE_AND_DIRECTORY);
  }

  public static WriteResult write(Os os, Path path, InputStream content, boolean force, Durability durability)
      throws IOException {
    WriteOptions options = WriteOptions.defaults().withMode(MODE).withDurability(durability);
    try (AtomicWriter w = AtomicWriter.open(os, path, options)) {
      if (!force) {
        checkParent(os, w);
      }
      w.transferFrom(content);
      return w.commit();
    }
  }

  private static void checkParent(Os os, AtomicWriter w) throws IOException {
    FileStat dir;
    try {
      dir = os.stat(w.directory());
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, w.target(), "stat directory", e);
    }
    if ((dir.mode() & 0022) != 0) {
      throw new DeniedException(OP, w.target(), "the directory " + w.directory().path() + " is "
          + ((dir.mode() & 0002) != 0 ? "world" : "group") + "-writable (mode "
          + String.format("%04o", dir.mode()) + "): others could replace the secret; refused (use --force)");
    }
  }
}
