package dev.safefs.tx;

import dev.safefs.Hashes;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.Os;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Before-contents of recorded operations, stored once per distinct content under {@code blobs/<sha256>}. A blob is
 * copied into a temp, fsynced and renamed to its hash; {@link #syncDir()} then makes the new names durable, once
 * for all blobs of an operation.
 */
final class BlobStore {
  static final String TEMP_PREFIX = ".blob-";

  private final Os os;
  private final Dir dir;
  private volatile boolean dirty;
  private final java.util.concurrent.atomic.AtomicLong storedBytes = new java.util.concurrent.atomic.AtomicLong();

  BlobStore(Os os, Dir dir) {
    this.os = os;
    this.dir = dir;
  }

  Dir dir() {
    return dir;
  }

  /** Copies the regular file {@code name} of {@code from} into the store; returns its SHA-256. */
  String store(Dir from, String name) throws IOException {
    try (FileHandle src = os.open(from, name, Os.Access.READ, false)) {
      String temp = TEMP_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp";
      MessageDigest md = Hashes.sha256();
      try (FileHandle dst = os.createExclusive(dir, temp, 0600)) {
        byte[] buf = new byte[64 * 1024];
        long pos = 0;
        int n;
        while ((n = src.pread(buf, 0, buf.length, pos)) > 0) {
          dst.write(buf, 0, n);
          md.update(buf, 0, n);
          pos += n;
        }
        String sha = Hashes.hex(md);
        if (exists(sha)) {
          os.unlink(dir, temp);
          return sha;
        }
        dst.fsync();
        try {
          os.rename(dir, temp, dir, sha, true);
          dirty = true;
          storedBytes.addAndGet(pos);
        } catch (FileAlreadyExistsException e) {
          os.unlink(dir, temp);
        }
        return sha;
      } catch (IOException | RuntimeException e) {
        try {
          os.unlink(dir, temp);
        } catch (IOException suppressed) {
          // already renamed or gone
        }
        throw e;
      }
    }
  }

  /** The bytes of the blobs stored since the last call (for the journal's size estimate). */
  long takeStoredBytes() {
    return storedBytes.getAndSet(0);
  }

  boolean exists(String sha) throws IOException {
    try {
      os.stat(dir, sha, false);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Makes the blobs stored since the last call durable (one directory fsync). */
  void syncDir() throws IOException {
    if (dirty) {
      dirty = false;
      os.fsync(dir);
    }
  }

  /** Opens a blob for reading; the stream checks nothing, the caller compares the hash. */
  InputStream open(String sha) throws IOException {
    FileHandle fh = os.open(dir, sha, Os.Access.READ, false);
    return new InputStream() {
      private long pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n = fh.pread(b, off, len, pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        fh.close();
      }
    };
  }
}
