package dev.safefs.edit;

import dev.safefs.Hashes;
import dev.safefs.ConflictException;
import dev.safefs.NoMatchException;
import dev.safefs.SafeFsException;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import java.io.IOException;
import dev.safefs.os.FileHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * One exact edit of a file too big for memory, in constant memory and one pass: the file is read once, hashed and
 * searched eight bytes at a time, while prefix, replacement and suffix go into an {@link AtomicWriter}: the unchanged
 * ranges are copied inside the kernel (copy_file_range on Linux, from the same open file that is read), only the
 * replacements pass through the process. A second match or no match aborts the writer (nothing is published). The
 * writer publishes only if the file still has the hash read in that pass; the file read and copied is the inode the
 * writer checks at commit ({@link AtomicWriter#openTarget()}).
 */
final class StreamingEdit {
  private StreamingEdit() {}

  private static final int CHUNK = 1 << 20;
  /** Unchanged bytes are copied to the temp in runs of up to this many, so the disk writes start early. */
  private static final long COPY_RUN = 32L << 20;
  private static final int HEAD = 64 * 1024;
  private static final int CONTEXT_BYTES = 64 * 1024;
  private static final int MAX_DIFF_HUNKS = 100;
  private static final int MAX_LISTED = 1000;
  private static final String OP = EditEngine.OP;

  /** Where a match was: its file offset and its first line (1-based). */
  private record Hit(long offset, long line) {}

  static EditResult run(Path path, Edit edit, EditOptions options) throws IOException {
    if (edit.oldText().isEmpty()) {
      throw new dev.safefs.InvalidInputException(OP, path, "old text is empty");
    }
    if (edit.oldText().equals(edit.newText())) {
      throw new dev.safefs.InvalidInputException(OP, path, "old and new text are the same");
    }
    AtomicWriter writer = options.dryRun() ? null
        : AtomicWriter.open(path, WriteOptions.defaults().withDurability(options.durability()));
    try (FileHandle ch = writer == null ? AtomicWriter.openExisting(path) : writer.openTarget()) {
      byte[] head = pread(ch, 0, HEAD); // the file's first 64 KB: its line ending and byte frequencies
      String eol = eolOf(head);
      byte[] needle = TextCodec.withEol(edit.oldText(), eol).getBytes(StandardCharsets.UTF_8);
      byte[] repl = TextCodec.withEol(edit.newText(), eol).getBytes(StandardCharsets.UTF_8);
      int[] freq = headFrequency(head);
      Pass pass = new Pass(ch, needle, repl, edit.replaceAll(), writer, freq);
      pass.run();
      if (pass.hits.isEmpty()) {
        abort(writer);
        return notFound(ch, path, edit, eol, pass.shaIn, freq);
      }
      if (pass.hits.size() > 1 && !edit.replaceAll()) {
        abort(writer);
        List<String> lines = new ArrayList<>();
        for (Hit h : pass.hits) {
          lines.add(String.valueOf(h.line()));
        }
        throw new ConflictException(OP, path, "old text matches " + (pass.total > MAX_LISTED ? "more than " : "")
            + pass.hits.size() + " times (exact) at lines " + String.join(", ", lines)
            + ": include more surrounding lines to make it unique, or replace all");
      }
      List<LineRange> ranges = ranges(pass.hits, needle, repl);
      String diff = diff(ch, path, pass.hits, needle, repl, pass.size);
      Change change = new Change(Strategy.EXACT, ranges, false);
      if (writer == null) {
        return new EditResult(path, List.of(change), diff, pass.shaIn, pass.shaOut, false);
      }
      writer.expectSha256SinceOpen(pass.shaIn);
      EditEngine.beforePublish.run();
      WriteResult r;
      try {
        r = writer.commit(pass.shaOut);
      } catch (ConflictException e) {
        throw EditErrors.changedMeanwhile(OP, path, e);
      }
      return new EditResult(path, List.of(change), diff, pass.shaIn, r.sha256(), true);
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, path, "", e);
    } finally {
      abort(writer);
    }
  }

  private static void abort(AtomicWriter w) throws IOException {
    if (w != null) {
      w.close(); // no-op after a commit; removes the temp otherwise
    }
  }

  /**
   * The single pass: search, and stream prefix + replacement + suffix into the writer. Hashing runs on a second
   * thread over copies of exactly the bytes this pass read and wrote (so the hash is of what was edited, even if
   * the file changes meanwhile); until the first match the content read and written are the same bytes and are
   * hashed once.
   */
  private static final class Pass {
    final FileHandle ch;
    final byte[] needle;
    final byte[] repl;
    final boolean all;
    final int rare; // index in the needle of the byte the scan looks for (the rarest in the file's head)
    AtomicWriter writer;
    boolean discard; // ambiguous: stop writing and hashing, keep scanning to list every line
    final List<Hit> hits = new ArrayList<>();
    long total;
    String shaIn;
    String shaOut;
    long size;
    private long copyFrom; // the run of unchanged input not yet copied to the writer: [copyFrom, copyTo)
    private long copyTo;
    private final Hasher hasher = new Hasher();

    Pass(FileHandle ch, byte[] needle, byte[] repl, boolean all, AtomicWriter writer, int[] headFrequency) {
      this.ch = ch;
      this.needle = needle;
      this.repl = repl;
      this.all = all;
      this.writer = writer;
      this.rare = rarest(needle, headFrequency);
    }

    void run() throws IOException {
      if (writer != null) {
        writer.callerHashes();
      }
      hasher.start();
      try {
        scan();
        if (!discard) {
          copyPending();
        }
        hasher.finish();
        shaIn = hasher.in;
        shaOut = hasher.out;
      } finally {
        hasher.stop();
      }
      if (!discard) {
        for (int k = 0; k < hits.size(); k++) {
          hits.set(k, new Hit(hits.get(k).offset(), hasher.hitLines.get(k)));
        }
      } else {
        numberLines(); // ambiguous: the hasher stopped at the second match; count again to list every line
      }
    }

    /** The line of every hit by one more read of the file, up to the last listed hit (an error path only). */
    private void numberLines() throws IOException {
      long last = hits.getLast().offset();
      byte[] b = new byte[CHUNK];
      long pos = 0;
      long newlines = 0;
      int k = 0;
      while (k < hits.size() && pos <= last) {
        int n = ch.pread(b, 0, b.length, pos);
        if (n <= 0) {
          break;
        }
        int from = 0;
        while (k < hits.size() && hits.get(k).offset() < pos + n) {
          int at = (int) (hits.get(k).offset() - pos);
          newlines += ByteSearch.countNewlines(b, from, at);
          from = at;
          hits.set(k, new Hit(hits.get(k).offset(), newlines + 1));
          k++;
        }
        newlines += ByteSearch.countNewlines(b, from, n);
        pos += n;
      }
    }

    private void scan() throws IOException {
      int n = needle.length;
      byte[] buf = new byte[Math.max(CHUNK, 2 * n) + n];
      int len = 0;
      long bufPos = 0; // file offset of buf[0]
      boolean eof = false;
      while (!eof) {
        int r = ch.pread(buf, len, buf.length - len, size);
        if (r < 0) {
          eof = true;
        } else {
          len += r;
          size += r;
          if (len < buf.length) {
            continue; // fill the buffer before searching
          }
        }
        int emitted = 0;
        int i = 0;
        int lastStart = len - n; // last index where a whole needle fits
        while (i <= lastStart) {
          int at = ByteSearch.indexOf(buf, i, lastStart + 1, needle, rare);
          if (at < 0) {
            break;
          }
          total++;
          if (hits.size() < MAX_LISTED) {
            hits.add(new Hit(bufPos + at, -1)); // its line comes from the hasher, which counts newlines too
          }
          if (hits.size() > 1 && !all && !discard) {
            if (writer != null) {
              writer.close();
              writer = null;
            }
            discard = true;
          }
          input(buf, emitted, at - emitted, bufPos + emitted);
          replace(bufPos + at);
          emitted = at + n;
          i = at + n;
        }
        int keep = eof ? len : Math.max(i, lastStart + 1); // bytes before this cannot start a match
        keep = Math.max(keep, emitted);
        input(buf, emitted, keep - emitted, bufPos + emitted);
        System.arraycopy(buf, keep, buf, 0, len - keep);
        bufPos += keep;
        len -= keep;
      }
    }

    /** Input bytes, at file offset {@code at}, that go unchanged to the output. */
    private void input(byte[] b, int off, int len, long at) throws IOException {
      if (len <= 0 || discard) {
        return;
      }
      hasher.both(b, off, len);
      if (writer != null) {
        if (at != copyTo) {
          copyPending();
          copyFrom = at;
        }
        copyTo = at + len;
        if (copyTo - copyFrom >= COPY_RUN) {
          copyPending();
        }
      }
    }

    /** The needle was read at file offset {@code at}; the replacement is written. */
    private void replace(long at) throws IOException {
      if (discard) {
        return;
      }
      hasher.diverge(needle, repl);
      if (writer != null) {
        copyPending();
        copyFrom = copyTo = at + needle.length;
        writer.write(repl, 0, repl.length);
      }
    }

    /**
     * Copies the pending run of unchanged bytes from the file to the writer, inside the kernel. These are bytes this
     * pass has read and hashed, from the same open file; a file cut short meanwhile is a conflict.
     */
    void copyPending() throws IOException {
      long want = copyTo - copyFrom;
      if (want <= 0 || writer == null) {
        return;
      }
      long got = writer.copyFrom(ch, copyFrom, want);
      if (got != want) {
        throw new ConflictException(OP, writer.target(), "the file changed while it was being edited: try again");
      }
      copyFrom = copyTo;
    }
  }

  /** Index of the needle byte least frequent in the file's head: the scan stops at fewer false candidates. */
  static int rarest(byte[] needle, int[] freq) {
    int best = 0;
    for (int i = 1; i < needle.length; i++) {
      if (freq[needle[i] & 0xFF] < freq[needle[best] & 0xFF]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * SHA-256 of the content read and of the content written, on its own thread, fed copies in order through a small
   * pool of buffers. The two hashes are one until the first replacement.
   */
  private static final class Hasher {
    private static final int POOL = 4;
    private record Piece(byte[] data, int len, int kind, boolean pooled) {}

    private static final int BOTH = 0;
    private static final int IN = 1;
    private static final int OUT = 2;
    private static final int END = 3;

    private final java.util.concurrent.BlockingQueue<byte[]> free =
        new java.util.concurrent.ArrayBlockingQueue<>(POOL);
    private final java.util.concurrent.BlockingQueue<Piece> work = new java.util.concurrent.LinkedBlockingQueue<>();
    private Thread thread;
    private volatile Throwable failure;
    String in;
    String out;
    /** The line of each replaced occurrence, in order: newlines of the input before it, plus one. */
    final List<Long> hitLines = new ArrayList<>();

    void start() {
      for (int i = 0; i < POOL; i++) {
        free.add(new byte[CHUNK]);
      }
      thread = Thread.ofPlatform().daemon().name("safefs-edit-hash").start(this::loop);
    }

    void both(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        byte[] piece = take();
        int k = Math.min(len, piece.length);
        System.arraycopy(b, off, piece, 0, k);
        work.add(new Piece(piece, k, BOTH, true));
        off += k;
        len -= k;
      }
    }

    void diverge(byte[] read, byte[] written) {
      work.add(new Piece(read, read.length, IN, false));
      work.add(new Piece(written, written.length, OUT, false));
    }

    void finish() throws IOException {
      work.add(new Piece(null, 0, END, false));
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while hashing");
      }
      if (failure != null) {
        throw new IllegalStateException("hashing failed", failure);
      }
    }

    void stop() {
      if (thread != null && thread.isAlive()) {
        thread.interrupt();
      }
    }

    private byte[] take() throws IOException {
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while hashing");
      }
    }

    private void loop() {
      MessageDigest shared = Hashes.sha256();
      MessageDigest read = null;
      MessageDigest written = null;
      long newlines = 0;
      try {
        while (true) {
          Piece p = work.take();
          if (p.kind() == END) {
            break;
          }
          if (p.kind() != BOTH && read == null) {
            read = (MessageDigest) shared.clone();
            written = shared;
          }
          if (p.kind() == BOTH) {
            newlines += ByteSearch.countNewlines(p.data(), 0, p.len());
          } else if (p.kind() == IN) {
            hitLines.add(newlines + 1);
            newlines += ByteSearch.countNewlines(p.data(), 0, p.len());
          }
          switch (p.kind()) {
            case BOTH -> {
              if (read == null) {
                shared.update(p.data(), 0, p.len());
              } else {
                read.update(p.data(), 0, p.len());
                written.update(p.data(), 0, p.len());
              }
            }
            case IN -> read.update(p.data(), 0, p.len());
            default -> written.update(p.data(), 0, p.len());
          }
          if (p.pooled()) {
            free.add(p.data());
          }
        }
        if (read == null) {
          in = Hashes.hex(shared);
          out = in;
        } else {
          in = Hashes.hex(read);
          out = Hashes.hex(written);
        }
      } catch (InterruptedException e) {
        // stopped: the pass failed
      } catch (CloneNotSupportedException | RuntimeException e) {
        failure = e;
      }
    }
  }

  /** Byte frequencies of the file's first 64 KB. */
  private static int[] headFrequency(byte[] head) {
    int[] f = new int[256];
    for (byte b : head) {
      f[b & 0xFF]++;
    }
    return f;
  }

  /** The file's line ending, from its first 64 KB. */
  private static String eolOf(byte[] h) {
    int crlf = 0;
    int lf = 0;
    for (int i = 0; i < h.length; i++) {
      if (h[i] == '\n') {
        if (i > 0 && h[i - 1] == '\r') {
          crlf++;
        } else {
          lf++;
        }
      }
    }
    return crlf > lf ? "\r\n" : "\n";
  }

  private static List<LineRange> ranges(List<Hit> hits, byte[] needle, byte[] repl) {
    long oldSpan = needle.length == 0 ? 0 : ByteSearch.countNewlines(needle, 0, needle.length - 1);
    long newSpan = repl.length == 0 ? -1 : ByteSearch.countNewlines(repl, 0, repl.length - 1);
    long shift = 0;
    List<LineRange> out = new ArrayList<>();
    for (Hit h : hits) {
      long first = h.line();
      long newFirst = first + shift;
      out.add(new LineRange(Math.toIntExact(first), Math.toIntExact(first + oldSpan),
          Math.toIntExact(newFirst), Math.toIntExact(newFirst + newSpan)));
      shift += ByteSearch.countNewlines(repl, 0, repl.length) - ByteSearch.countNewlines(needle, 0, needle.length);
    }
    return out;
  }

  /** Unified diff of a window of whole lines around each match, read back with positioned reads. */
  private static String diff(FileHandle ch, Path path, List<Hit> hits, byte[] needle, byte[] repl, long size)
      throws IOException {
    String[] names = FileText.diffNames(path);
    StringBuilder sb = new StringBuilder();
    long shift = 0;
    int shown = 0;
    for (Hit h : hits) {
      if (shown++ == MAX_DIFF_HUNKS) {
        sb.append("... (").append(hits.size() - MAX_DIFF_HUNKS).append(" more replacements not shown)\n");
        break;
      }
      long from = Math.max(0, h.offset() - CONTEXT_BYTES);
      byte[] before = pread(ch, from, (int) (h.offset() - from));
      int start = -1;
      int seen = 0;
      for (int j = before.length - 1; j >= 0; j--) { // after the 4th newline back: the match line + 3 lines
        if (before[j] == '\n' && ++seen == 4) {
          start = j + 1;
          break;
        }
      }
      if (start < 0) {
        start = from == 0 ? 0 : Math.min(before.length, indexAfterNewline(before)); // cut a partial first line
      }
      long end = h.offset() + needle.length;
      byte[] after = pread(ch, end, (int) Math.min(CONTEXT_BYTES, size - end));
      int stop = 0;
      seen = needle.length > 0 && needle[needle.length - 1] == '\n' ? 1 : 0;
      while (stop < after.length && seen < 4) {
        if (after[stop++] == '\n') {
          seen++;
        }
      }
      if (seen < 4 && end + after.length < size) {
        stop = lastNewline(after, stop);
      }
      String pre = new String(before, start, before.length - start, StandardCharsets.UTF_8);
      String post = new String(after, 0, stop, StandardCharsets.UTF_8);
      String oldWin = pre + new String(needle, StandardCharsets.UTF_8) + post;
      String newWin = pre + new String(repl, StandardCharsets.UTF_8) + post;
      long firstLine = h.line() - ByteSearch.countNewlines(before, start, before.length);
      String d = Diffs.of(names[0], names[1], Diffs.linesOf(oldWin), Diffs.linesOf(newWin),
          Math.toIntExact(firstLine - 1), Math.toIntExact(firstLine - 1 + shift));
      sb.append(sb.isEmpty() ? d : d.substring(d.indexOf("@@")));
      shift += ByteSearch.countNewlines(repl, 0, repl.length) - ByteSearch.countNewlines(needle, 0, needle.length);
    }
    return sb.toString();
  }

  private static int indexAfterNewline(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return b.length;
  }

  private static int lastNewline(byte[] b, int stop) {
    for (int i = stop - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return stop;
  }

  /** Up to {@code len} bytes at {@code pos}: fewer only at the end of the file. */
  private static byte[] pread(FileHandle ch, long pos, int len) throws IOException {
    byte[] b = new byte[Math.max(0, len)];
    int got = 0;
    while (got < b.length) {
      int n = ch.pread(b, got, b.length - got, pos + got);
      if (n < 0) {
        break;
      }
      got += n;
    }
    return got == len ? b : java.util.Arrays.copyOf(b, got);
  }

  private static EditResult notFound(FileHandle ch, Path path, Edit edit, String eol, String sha, int[] freq)
      throws IOException {
    byte[] nu = TextCodec.withEol(edit.newText(), eol).getBytes(StandardCharsets.UTF_8);
    if (!edit.newText().isBlank()) {
      Pass probe = new Pass(ch, nu, nu, true, null, freq);
      probe.run();
      if (probe.total == 1) {
        Hit h = probe.hits.getFirst();
        long last = h.line() + (nu.length == 0 ? 0 : ByteSearch.countNewlines(nu, 0, nu.length - 1));
        LineRange r = new LineRange(Math.toIntExact(h.line()), Math.toIntExact(last), Math.toIntExact(h.line()),
            Math.toIntExact(last));
        return new EditResult(path, List.of(new Change(Strategy.EXACT, List.of(r), true)), "", sha, sha, false);
      }
    }
    throw new NoMatchException(OP, path, "old text not found: the file is over " + FileText.inMemoryLimit()
        + " bytes, so only exact matches are tried (no tolerant strategies, no suggestion)", null);
  }
}
