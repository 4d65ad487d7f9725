package dev.safefs.os;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/** An open file. Not safe for concurrent use by several threads unless said otherwise. */
public interface FileHandle extends AutoCloseable {
  /** The path this file was opened by, for messages. */
  Path path();

  /** Writes all of {@code b[off, off+len)} at the current position (one write(2) where the kernel allows). */
  void write(byte[] b, int off, int len) throws IOException;

  /** Reads up to {@code len} bytes at the current position; -1 at the end. */
  int read(byte[] b, int off, int len) throws IOException;

  /** Reads up to {@code len} bytes at {@code position} without moving the position; -1 at the end. */
  int pread(byte[] b, int off, int len, long position) throws IOException;

  /** Reads into a buffer at {@code position}; -1 at the end. */
  default int pread(ByteBuffer buffer, long position) throws IOException {
    if (buffer.hasArray()) {
      int n = pread(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), position);
      if (n > 0) {
        buffer.position(buffer.position() + n);
      }
      return n;
    }
    byte[] tmp = new byte[buffer.remaining()];
    int n = pread(tmp, 0, tmp.length, position);
    if (n > 0) {
      buffer.put(tmp, 0, n);
    }
    return n;
  }

  /**
   * The file's bytes from its start to its end, read into one array of {@code size} bytes (the size a stat gave) when
   * the file still has that size: no copy, and one read past the end to see that it is the end. A file that grew
   * meanwhile is read on, one that shrank is cut where it ends. At most {@code limit + 1} bytes are read: a result
   * longer than {@code limit} says the file is longer than that.
   */
  default byte[] readAll(long size, long limit) throws IOException {
    long cap = Math.min(limit, Integer.MAX_VALUE - 16) + 1;
    byte[] buf = new byte[(int) Math.min(Math.max(size, 0), cap)];
    int len = 0;
    while (true) {
      if (len == buf.length) {
        if (len == cap) {
          return buf;
        }
        byte[] one = new byte[1];
        if (pread(one, 0, 1, len) <= 0) {
          return buf; // the end, where the stat said
        }
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(Math.max(2L * len, 8192), cap));
        buf[len++] = one[0];
        continue;
      }
      int n = pread(buf, len, buf.length - len, len);
      if (n <= 0) {
        return java.util.Arrays.copyOf(buf, len); // shorter than the stat said
      }
      len += n;
    }
  }

  /**
   * Copies up to {@code len} bytes of {@code source}, from {@code position}, to this file's current position, which
   * moves past them; returns how many were copied, 0 at the end of the source. Linux copies inside the kernel
   * (copy_file_range(2)), without the bytes passing through the process; elsewhere through a buffer.
   */
  default long copyFrom(FileHandle source, long position, long len) throws IOException {
    byte[] b = new byte[(int) Math.min(len, 256 * 1024)];
    int n = source.pread(b, 0, b.length, position);
    if (n <= 0) {
      return 0;
    }
    write(b, 0, n);
    return n;
  }

  /**
   * Starts writing back the dirty pages of {@code [offset, offset + len)} without waiting (Linux
   * sync_file_range(2) with SYNC_FILE_RANGE_WRITE), so that a later {@link #fsync()} of a big file has less left to
   * do. Durability still comes only from fsync. Does nothing where the OS has no such call.
   */
  default void startWriteback(long offset, long len) throws IOException {}

  /**
   * Reads up to {@code dst.byteSize()} bytes at {@code position} into {@code dst}; -1 at the end. The Linux layer
   * reads into native memory straight from the kernel, without a copy through its scratch buffer.
   */
  default int pread(MemorySegment dst, long position) throws IOException {
    return pread(dst.asByteBuffer(), position);
  }

  void fsync() throws IOException;

  /**
   * fdatasync: the data, and the metadata needed to read it back (the size), made durable; a change of times alone is
   * not waited for. An append grows the file, so what it wrote is as durable as after {@link #fsync()}.
   */
  void datasync() throws IOException;

  void chmod(int mode) throws IOException;

  void chown(int uid, int gid) throws IOException;

  FileStat stat() throws IOException;

  /**
   * Gives this file the owner and group of {@code like}, as far as this process may: the group alone when only that
   * is permitted (a member of a group may give it away), else nothing, as with any replace by rename that a user
   * other than the owner makes. A file that has them already is left alone (no system call but the stat).
   */
  default void keepOwnerOf(FileStat like) throws IOException {
    FileStat mine = stat();
    if (mine.uid() == like.uid() && mine.gid() == like.gid()) {
      return;
    }
    try {
      chown(like.uid(), like.gid());
    } catch (AccessDeniedException e) {
      try {
        chown(-1, like.gid());
      } catch (AccessDeniedException ignored) {
        // not permitted: the file keeps this process's owner
      }
    }
  }

  /**
   * Takes a flock(2) lock. With {@code wait} false, returns false at once when another open file description holds
   * a conflicting lock.
   */
  boolean lock(LockMode mode, boolean wait) throws IOException;

  void unlock() throws IOException;

  void truncate(long size) throws IOException;

  @Override
  void close() throws IOException;
}
