package dev.safefs.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast output for commands that print many lines (find, grep, tree): UTF-8 bytes gathered in a 64 KB buffer per
 * thread and written whole records at a time, so lines from several threads never interleave. When the CLI runs as
 * the real process, bytes go straight to file descriptor 1; otherwise (tests, embedding) to picocli's writer.
 */
final class LineOutput implements AutoCloseable {
  /** Set by {@link Main#main}: stdout is the process's own and may be written as raw bytes. */
  static volatile boolean rawStdout;

  private static final int FLUSH_AT = 60 << 10;

  private final OutputStream raw;
  private final PrintWriter writer;
  private final List<Buffer> buffers = new ArrayList<>();
  private final ThreadLocal<Buffer> local = ThreadLocal.withInitial(this::register);

  LineOutput(PrintWriter writer) {
    this.writer = writer;
    this.raw = rawStdout ? new FileOutputStream(FileDescriptor.out) : null;
  }

  private Buffer register() {
    Buffer b = new Buffer();
    synchronized (buffers) {
      buffers.add(b);
    }
    return b;
  }

  /** This thread's buffer; call {@link Buffer#endRecord()} after each whole record. */
  Buffer buffer() {
    return local.get();
  }

  final class Buffer {
    private byte[] bytes = new byte[64 << 10];
    private int n;

    Buffer append(byte[] b) {
      return append(b, 0, b.length);
    }

    Buffer append(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, n, len);
      n += len;
      return this;
    }

    Buffer append(String s) {
      return append(s.getBytes(StandardCharsets.UTF_8));
    }

    Buffer append(char c) {
      ensure(1);
      bytes[n++] = (byte) c;
      return this;
    }

    Buffer append(long v) {
      return append(Long.toString(v));
    }

    private void ensure(int len) {
      if (n + len > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + len));
      }
    }

    /** Ends a record: writes the buffer out when it is nearly full. */
    void endRecord() {
      if (n >= FLUSH_AT) {
        flush();
      }
    }

    void flush() {
      if (n == 0) {
        return;
      }
      synchronized (LineOutput.this) {
        if (raw != null) {
          try {
            raw.write(bytes, 0, n);
          } catch (IOException e) {
            // the reader went away (| head): stop as a SIGPIPE would, quietly
            System.exit(141);
          }
        } else {
          writer.write(new String(bytes, 0, n, StandardCharsets.UTF_8));
        }
      }
      n = 0;
      if (bytes.length > (1 << 20)) {
        bytes = new byte[64 << 10];
      }
    }
  }

  /** Writes out every thread's buffer; call once the producing threads are done. */
  void flushAll() {
    synchronized (buffers) {
      for (Buffer b : buffers) {
        b.flush();
      }
    }
    if (raw == null) {
      writer.flush();
    } else {
      try {
        raw.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    flushAll();
  }
}
