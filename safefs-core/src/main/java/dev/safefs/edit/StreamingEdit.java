package dev.safefs.edit;

import dev.safefs.ConflictException;
import dev.safefs.Hashes;
import dev.safefs.NoMatchException;
import dev.safefs.SafeFs;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.NativeBytes;
import dev.safefs.os.NativeLiteral;
import dev.safefs.os.Os;
import dev.safefs.read.Newlines;
import dev.safefs.tx.RecordedReplace;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * One exact edit of a file too big for memory, in constant memory and one pass. The calling thread reads the file
 * once (into native memory, searched with libc's memchr, where the Linux layer is available; else on the heap),
 * searches it and counts its lines; a second thread builds the temp of an {@link AtomicWriter} behind it: the
 * unchanged ranges are copied inside the kernel (copy_file_range on Linux, from the same open file that is read, the
 * inode the writer checks at commit: {@link AtomicWriter#openTarget()}), only the replacements pass through the
 * process. A second match or no match stops the writer (nothing is published).
 *
 * <p>The compare-and-swap: a file last changed before the writer's temp was created, by the file system's clock
 * ({@link AtomicWriter#statProvesUnchanged()}), is published only if its inode, size and times are still those seen
 * at open (any later write gives it a later change time); a file changed in that same clock tick (where a change could
 * hide), or an edit asked for hashes ({@link EditOptions#hashStreamed()}), is hashed on a third thread as it is read,
 * over copies of exactly the bytes this pass read and wrote, and compared by hash. SHA-256 runs at about 1.6 GB/s,
 * slower than the kernel's copy: hashing only when it is needed keeps an edit of a gigabyte close to the time of a
 * copy.
 */
final class StreamingEdit {
  private StreamingEdit() {}

  private static final int CHUNK = 1 << 20;
  /** Unchanged bytes are copied to the temp in runs of up to this many, so the copy and the disk writes start early. */
  private static final long COPY_RUN = 16L << 20;
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
    boolean record = options.record() && !options.dryRun();
    Dir dir = null;
    RecordedReplace rec = null;
    AtomicWriter writer = null;
    try {
      if (record) { // the journal keeps the file's inode as the before-content (a hard link), for undo
        Path real = realFile(path);
        dir = Os.get().openDir(real.getParent());
        String name = real.getFileName().toString();
        rec = SafeFs.journal(options.stateDir()).replaceHashedByCaller(OP, real, dir, name); // the pass hashes it
        writer = AtomicWriter.open(Os.get(), dir, name, WriteOptions.defaults()); // recorded: always durable
      } else if (!options.dryRun()) {
        writer = AtomicWriter.open(path, WriteOptions.defaults().withDurability(options.durability()));
      }
      return edit(path, edit, options, writer, rec);
    } finally {
      abort(writer);
      if (rec != null) {
        rec.close(); // after finish(): nothing; else the record is dropped and the kept before-content let go
      }
      if (dir != null) {
        dir.close();
      }
    }
  }

  /** The file a path names, symlinks followed (the one an atomic replace writes). */
  private static Path realFile(Path path) throws IOException {
    try {
      return path.toRealPath();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new dev.safefs.NotFoundException(OP, path, "no such file", e);
    }
  }

  private static EditResult edit(Path path, Edit edit, EditOptions options, AtomicWriter writer, RecordedReplace rec)
      throws IOException {
    try (FileHandle ch = writer == null ? AtomicWriter.openExisting(path) : writer.openTarget()) {
      byte[] head = pread(ch, 0, HEAD); // the file's first 64 KB: its line ending and byte frequencies
      String eol = eolOf(head);
      byte[] needle = TextCodec.withEol(edit.oldText(), eol).getBytes(StandardCharsets.UTF_8);
      byte[] repl = TextCodec.withEol(edit.newText(), eol).getBytes(StandardCharsets.UTF_8);
      int[] freq = headFrequency(head);
      boolean statProof = writer != null && writer.statProvesUnchanged(); // asked before the first write
      // a record names the content after by its hash
      boolean hash = options.hashStreamed() || rec != null || (writer != null && !statProof);
      Pass pass = new Pass(ch, needle, repl, edit.replaceAll(), writer, freq, hash);
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
      if (rec != null) {
        rec.beforeRead(ch.stat(), pass.shaIn);
      }
      if (hash) {
        writer.expectSha256SinceOpen(pass.shaIn);
      } else {
        writer.expectUnchangedSinceOpen();
      }
      EditEngine.beforePublish.run();
      WriteResult r;
      try {
        r = writer.commit(pass.shaOut, rec); // rec null: no record
      } catch (ConflictException e) {
        throw EditErrors.changedMeanwhile(OP, path, e);
      }
      if (rec != null) {
        rec.finish();
      }
      return new EditResult(path, List.of(change), diff, pass.shaIn, r.sha256(), true);
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, path, "", e);
    }
  }

  private static void abort(AtomicWriter w) throws IOException {
    if (w != null) {
      w.close(); // no-op after a commit; removes the temp otherwise
    }
  }

  /**
   * The single pass: read, search and count lines on this thread; prefix + replacement + suffix go to the writer
   * through the {@link Copier}; the {@link Hasher}, when hashing, is fed copies of the bytes read and written (until
   * the first match the content read and written are the same bytes and are hashed once).
   */
  private static final class Pass {
    final FileHandle ch;
    final byte[] needle;
    final byte[] repl;
    final boolean all;
    final int rare; // index in the needle of the byte the scan looks for (the rarest in the file's head)
    final Copier copier; // null on a dry run
    final Hasher hasher; // null when not hashing
    boolean discard; // ambiguous: stop writing and hashing, keep scanning to list every line
    final List<Hit> hits = new ArrayList<>();
    long total;
    String shaIn;
    String shaOut;
    long size;
    /** Newlines of the input before the window's byte {@link #counted}. */
    private long newlines;
    private int counted;
    private long copyFrom; // the run of unchanged input not yet handed to the copier: [copyFrom, copyTo)
    private long copyTo;

    Pass(FileHandle ch, byte[] needle, byte[] repl, boolean all, AtomicWriter writer, int[] headFrequency,
        boolean hash) {
      this.ch = ch;
      this.needle = needle;
      this.repl = repl;
      this.all = all;
      this.rare = rarest(needle, headFrequency);
      this.copier = writer == null ? null : new Copier(writer, ch);
      this.hasher = hash ? new Hasher() : null;
    }

    void run() throws IOException {
      if (copier != null) {
        copier.start();
      }
      if (hasher != null) {
        hasher.start();
      }
      try (Window w = Window.of(Math.max(CHUNK, 2 * needle.length) + needle.length, needle, rare)) {
        scan(w);
        if (copier != null && !discard) {
          copyPending();
          copier.finish();
        }
        if (hasher != null && !discard) {
          hasher.finish();
          shaIn = hasher.in;
          shaOut = hasher.out;
        }
      } finally {
        if (copier != null) {
          copier.stop();
        }
        if (hasher != null) {
          hasher.stop();
        }
      }
    }

    private void scan(Window w) throws IOException {
      int n = needle.length;
      int cap = w.capacity();
      int len = 0;
      long bufPos = 0; // file offset of the window's first byte
      boolean eof = false;
      while (!eof) {
        int r = w.read(ch, len, size);
        if (r < 0) {
          eof = true;
        } else {
          len += r;
          size += r;
          if (len < cap) {
            continue; // fill the window before searching
          }
        }
        int emitted = 0;
        int i = 0;
        while (i + n <= len) {
          long found = w.find(i, len);
          if (found < 0) {
            break;
          }
          int at = (int) found;
          total++;
          if (hits.size() < MAX_LISTED) {
            newlines += w.newlines(counted, at);
            counted = at;
            hits.add(new Hit(bufPos + at, newlines + 1));
          }
          if (hits.size() > 1 && !all && !discard) {
            discard = true;
            if (copier != null) {
              copier.stop(); // nothing more is written: the caller closes the writer, which removes the temp
            }
          }
          input(w, emitted, at - emitted, bufPos + emitted);
          replace(bufPos + at);
          emitted = at + n;
          i = at + n;
        }
        int keep = eof ? len : Math.max(i, len - n + 1); // bytes before this cannot start a match
        keep = Math.max(keep, emitted);
        input(w, emitted, keep - emitted, bufPos + emitted);
        if (hits.size() < MAX_LISTED) {
          newlines += w.newlines(counted, keep);
        }
        counted = 0;
        w.shift(keep, len);
        bufPos += keep;
        len -= keep;
      }
    }

    /** Input bytes, at file offset {@code at}, that go unchanged to the output. */
    private void input(Window w, int off, int len, long at) throws IOException {
      if (len <= 0 || discard) {
        return;
      }
      if (hasher != null) {
        hasher.both(w, off, len);
      }
      if (copier != null) {
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
      if (hasher != null) {
        hasher.diverge(needle, repl);
      }
      if (copier != null) {
        copyPending();
        copyFrom = copyTo = at + needle.length;
        copier.write(repl);
      }
    }

    /** Hands the pending run of unchanged bytes (read and searched by this pass) to the copier. */
    private void copyPending() throws IOException {
      if (copyTo > copyFrom) {
        copier.copy(copyFrom, copyTo - copyFrom);
        copyFrom = copyTo;
      }
    }
  }

  /**
   * The bytes read, searched and counted: native memory searched by libc where the Linux layer can call it, else a
   * heap array searched in Java.
   */
  private static final class Window implements AutoCloseable {
    private final MemorySegment seg;
    private final byte[] heap; // null when native
    private final Arena arena; // null on the heap
    private final NativeLiteral literal; // null on the heap
    private final byte[] needle;
    private final int rare;

    private Window(MemorySegment seg, byte[] heap, Arena arena, NativeLiteral literal, byte[] needle, int rare) {
      this.seg = seg;
      this.heap = heap;
      this.arena = arena;
      this.literal = literal;
      this.needle = needle;
      this.rare = rare;
    }

    static Window of(int capacity, byte[] needle, int rare) {
      NativeBytes libc = NativeBytes.create();
      if (libc == null) {
        byte[] b = new byte[capacity];
        return new Window(MemorySegment.ofArray(b), b, null, null, needle, rare);
      }
      Arena a = Arena.ofConfined();
      return new Window(a.allocate(capacity), null, a, new NativeLiteral(needle, rare, libc), needle, rare);
    }

    int capacity() {
      return (int) seg.byteSize();
    }

    /** Reads at file offset {@code position} into the window from {@code at} to its end; -1 at the end of file. */
    int read(FileHandle ch, int at, long position) throws IOException {
      return heap != null ? ch.pread(heap, at, heap.length - at, position) : ch.pread(seg.asSlice(at), position);
    }

    /** The start of the first whole needle in {@code [from, to)}, or -1. */
    long find(int from, int to) {
      return literal != null ? literal.next(seg, from, to)
          : ByteSearch.indexOf(heap, from, to - needle.length + 1, needle, rare);
    }

    long newlines(int from, int to) {
      return heap != null ? Newlines.count(heap, from, to) : Newlines.count(seg, from, to);
    }

    /** Moves {@code [keep, len)} to the start. */
    void shift(int keep, int len) {
      MemorySegment.copy(seg, keep, seg, 0, len - keep);
    }

    void copyTo(int off, byte[] dst, int len) {
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, dst, 0, len);
    }

    @Override
    public void close() {
      if (arena != null) {
        arena.close();
      }
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
   * Builds the temp on a thread of its own, behind the scan: copies of unchanged ranges (inside the kernel) and
   * replacements, in the order given. Every use of the writer happens on this thread until {@link #finish()} or
   * {@link #stop()} has joined it; the caller then commits or closes the writer.
   */
  private static final class Copier {
    private record Op(long from, long len, byte[] bytes) {}

    private static final Op END = new Op(0, 0, null);

    private final AtomicWriter writer;
    private final FileHandle source;
    private final java.util.concurrent.BlockingQueue<Op> ops = new java.util.concurrent.LinkedBlockingQueue<>();
    private Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;

    Copier(AtomicWriter writer, FileHandle source) {
      this.writer = writer;
      this.source = source;
    }

    void start() {
      writer.callerHashes();
      thread = Thread.ofPlatform().daemon().name("safefs-edit-copy").start(this::loop);
    }

    /** Copies {@code len} bytes of the source from {@code from}: bytes the pass has read. */
    void copy(long from, long len) throws IOException {
      check();
      ops.add(new Op(from, len, null));
    }

    void write(byte[] b) throws IOException {
      check();
      ops.add(new Op(0, b.length, b));
    }

    /** Waits for every copy and write handed over; rethrows what failed. */
    void finish() throws IOException {
      ops.add(END);
      join();
      check();
    }

    /** Stops after the operation under way (idempotent); the temp is left for the writer's close to remove. */
    void stop() {
      if (thread == null) {
        return;
      }
      stopped = true;
      ops.add(END);
      try {
        join();
      } catch (java.io.InterruptedIOException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void join() throws java.io.InterruptedIOException {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while copying");
      }
    }

    private void check() throws IOException {
      Throwable t = failure;
      if (t instanceof IOException e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException("copying failed", t);
      }
    }

    private void loop() {
      try {
        while (true) {
          Op op = ops.take();
          if (op == END || stopped) {
            return;
          }
          if (op.bytes() != null) {
            writer.write(op.bytes(), 0, op.bytes().length);
          } else if (writer.copyFrom(source, op.from(), op.len()) != op.len()) {
            throw new ConflictException(OP, writer.target(), "the file changed while it was being edited: try again");
          }
        }
      } catch (InterruptedException e) {
        failure = new java.io.InterruptedIOException("interrupted while copying");
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }
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

    void start() {
      for (int i = 0; i < POOL; i++) {
        free.add(new byte[CHUNK]);
      }
      thread = Thread.ofPlatform().daemon().name("safefs-edit-hash").start(this::loop);
    }

    void both(Window w, int off, int len) throws IOException {
      while (len > 0) {
        byte[] piece = take();
        int k = Math.min(len, piece.length);
        w.copyTo(off, piece, k);
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
    long oldSpan = needle.length == 0 ? 0 : Newlines.count(needle, 0, needle.length - 1);
    long newSpan = repl.length == 0 ? -1 : Newlines.count(repl, 0, repl.length - 1);
    long shift = 0;
    List<LineRange> out = new ArrayList<>();
    for (Hit h : hits) {
      long first = h.line();
      long newFirst = first + shift;
      out.add(new LineRange(Math.toIntExact(first), Math.toIntExact(first + oldSpan),
          Math.toIntExact(newFirst), Math.toIntExact(newFirst + newSpan)));
      shift += Newlines.count(repl, 0, repl.length) - Newlines.count(needle, 0, needle.length);
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
      long firstLine = h.line() - Newlines.count(before, start, before.length);
      String d = Diffs.of(names[0], names[1], Diffs.linesOf(oldWin), Diffs.linesOf(newWin),
          Math.toIntExact(firstLine - 1), Math.toIntExact(firstLine - 1 + shift));
      sb.append(sb.isEmpty() ? d : d.substring(d.indexOf("@@")));
      shift += Newlines.count(repl, 0, repl.length) - Newlines.count(needle, 0, needle.length);
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
      Pass probe = new Pass(ch, nu, nu, true, null, freq, false);
      probe.run();
      if (probe.total == 1) {
        Hit h = probe.hits.getFirst();
        long last = h.line() + (nu.length == 0 ? 0 : Newlines.count(nu, 0, nu.length - 1));
        LineRange r = new LineRange(Math.toIntExact(h.line()), Math.toIntExact(last), Math.toIntExact(h.line()),
            Math.toIntExact(last));
        return new EditResult(path, List.of(new Change(Strategy.EXACT, List.of(r), true)), "", sha, sha, false);
      }
    }
    throw new NoMatchException(OP, path, "old text not found: the file is over " + FileText.inMemoryLimit()
        + " bytes, so only exact matches are tried (no tolerant strategies, no suggestion)", null);
  }
}
