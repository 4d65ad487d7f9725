package dev.safefs.find;

import dev.safefs.os.FileHandle;
import dev.safefs.os.NativeBytes;
import dev.safefs.os.NativeLiteral;
import dev.safefs.read.Newlines;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches one file at a time (one instance per thread): 256 KB preads, the region of whole lines handed to the
 * {@link LineFinder} in one piece, line numbers counted with SWAR only when lines are reported, and the last
 * {@code before} lines carried over to the next read for context. A NUL byte in the first 8 KB marks the file as
 * binary: it is skipped, as ripgrep and grep do.
 *
 * <p>Listing the files that contain a fixed string (the commonest search) goes another way where native memory is
 * at hand: reads land in native memory and libc finds the string ({@link NativeLiteral}), with no copy to the heap
 * and no Java scan loop to wait for the JIT on.
 */
final class FileSearcher {
  private static final int BINARY_SAMPLE = 8192;

  private final LineFinder finder;
  private final SearchOptions.Mode mode;
  private final int before;
  private final int after;
  private final long maxCount;
  private byte[] buf = new byte[256 << 10];
  /** Set when files are only listed and the pattern is a literal found in native memory. */
  private final NativeLiteral nativeLiteral;
  private final NativeBytes libc;
  private MemorySegment nativeBuf;

  // per-file state
  private List<MatchLine> lines;
  private long lastEmitted;

  /** With {@code nativeMemory}, files are read into native memory when that search path applies. */
  FileSearcher(LineFinder finder, SearchOptions options, boolean nativeMemory) {
    this.finder = finder;
    LineFinder.Literal literal = nativeMemory && options.mode() == SearchOptions.Mode.FILES
        && finder instanceof LineFinder.Literal l && l.bytes().length > 0 && l.bytes().length <= 4096 && !l.folds()
        ? l : null;
    NativeBytes libc = literal == null ? null : NativeBytes.create();
    this.nativeLiteral = libc == null ? null : new NativeLiteral(literal.bytes(), literal.rare(), libc);
    this.libc = libc;
    this.mode = options.mode();
    this.before = options.mode() == SearchOptions.Mode.LINES ? options.before() : 0;
    this.after = options.mode() == SearchOptions.Mode.LINES ? options.after() : 0;
    this.maxCount = options.maxCount();
  }

  /** Whether files are searched in native memory (for tests). */
  boolean searchesNativeMemory() {
    return nativeLiteral != null;
  }

  /** The file's results, or null when nothing matched or the file is binary. */
  FileMatches search(FileHandle file, String relative) throws IOException {
    if (maxCount == 0) {
      return null;
    }
    if (nativeLiteral != null) {
      return containsNative(file) ? new FileMatches(relative, 1, List.of()) : null;
    }
    boolean wantLines = mode == SearchOptions.Mode.LINES;
    lines = wantLines ? new ArrayList<>() : null;
    lastEmitted = 0;
    int have = 0;
    int scanStart = 0;
    long filePos = 0;
    boolean eof = false;
    boolean first = true;
    long lineNo = 1;
    long count = 0;
    int afterLeft = 0;
    boolean done = false;
    while (true) {
      while (!eof && have < buf.length) {
        int want = buf.length - have;
        int n = file.pread(buf, have, want, filePos);
        if (n <= 0) {
          eof = true;
        } else {
          have += n;
          filePos += n;
          // a regular file reads short only at its end: skip the pread that would return 0 (one per file)
          eof = n < want;
        }
      }
      if (first) {
        first = false;
        if (ByteSearch.indexOf(buf, 0, Math.min(have, BINARY_SAMPLE), (byte) 0) >= 0) {
          return null;
        }
      }
      int end;
      if (eof) {
        end = have;
      } else {
        int nl = Newlines.lastIndexOf(buf, scanStart, have);
        if (nl < 0) { // one line longer than the buffer: make room for it
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
          continue;
        }
        end = nl + 1;
      }
      int pos = scanStart;
      boolean stop = false;
      while (pos < end) {
        if (afterLeft > 0) {
          int le = LineFinder.lineEnd(buf, pos, end);
          if (!done && finder.matchesLine(buf, pos, le)) {
            count++;
            emit(lineNo, pos, le, true);
            afterLeft = after;
            done = maxCount >= 0 && count >= maxCount;
          } else {
            emit(lineNo, pos, le, false);
            afterLeft--;
          }
          pos = le + 1;
          lineNo++;
          continue;
        }
        if (done) {
          stop = true;
          break;
        }
        int hit = finder.next(buf, pos, end);
        if (hit < 0) {
          if (wantLines) {
            lineNo += Newlines.count(buf, pos, end);
          }
          pos = end;
          break;
        }
        if (mode == SearchOptions.Mode.FILES) {
          return new FileMatches(relative, 1, List.of());
        }
        int ls = LineFinder.lineStart(buf, pos, hit);
        int le = LineFinder.lineEnd(buf, hit, end);
        count++;
        if (wantLines) {
          lineNo += Newlines.count(buf, pos, ls);
          if (before > 0) {
            emitBefore(ls, lineNo);
          }
          emit(lineNo, ls, le, true);
          afterLeft = after;
        }
        done = maxCount >= 0 && count >= maxCount;
        pos = le + 1;
        lineNo++;
      }
      if (stop || (done && afterLeft == 0) || (eof && pos >= have)) {
        break;
      }
      if (eof && end == have) {
        break;
      }
      // keep the last `before` whole lines for context, and the partial line after them
      int keepFrom = end;
      for (int k = 0; k < before && keepFrom > 0; k++) {
        keepFrom = LineFinder.lineStart(buf, 0, keepFrom - 1);
      }
      System.arraycopy(buf, keepFrom, buf, 0, have - keepFrom);
      have -= keepFrom;
      scanStart = end - keepFrom;
    }
    if (count == 0) {
      return null;
    }
    return new FileMatches(relative, count, wantLines ? lines : List.of());
  }

  /** Whether a text file holds the literal: reads into native memory, each searched with the end of the last. */
  private boolean containsNative(FileHandle file) throws IOException {
    if (nativeBuf == null) {
      nativeBuf = Arena.ofAuto().allocate(buf.length, 64);
    }
    MemorySegment b = nativeBuf;
    long cap = b.byteSize();
    long overlap = nativeLiteral.length() - 1;
    long have = 0;
    long filePos = 0;
    boolean first = true;
    while (true) {
      boolean eof = false;
      while (!eof && have < cap) {
        long want = cap - have;
        int n = file.pread(have == 0 ? b : b.asSlice(have, want), filePos); // (a slice is an object per read)
        if (n <= 0) {
          eof = true;
        } else {
          have += n;
          filePos += n;
          eof = n < want; // as in search: a regular file reads short only at its end
        }
      }
      if (first) {
        first = false;
        if (libc.indexOf(b, 0, Math.min(have, BINARY_SAMPLE), (byte) 0) >= 0) {
          return false;
        }
      }
      if (nativeLiteral.next(b, 0, have) >= 0) {
        return true;
      }
      if (eof) {
        return false;
      }
      long keep = Math.min(overlap, have);
      MemorySegment.copy(b, have - keep, b, 0, keep);
      have = keep;
    }
  }

  private void emitBefore(int ls, long lineNo) {
    int k = 0;
    int s = ls;
    int[] starts = new int[before];
    int[] ends = new int[before];
    while (k < before && lineNo - k - 1 > lastEmitted && s > 0) {
      int prevEnd = s - 1;
      int prevStart = LineFinder.lineStart(buf, 0, prevEnd);
      starts[k] = prevStart;
      ends[k] = prevEnd;
      s = prevStart;
      k++;
    }
    for (int i = k - 1; i >= 0; i--) {
      emit(lineNo - i - 1, starts[i], ends[i], false);
    }
  }

  private void emit(long number, int s, int e, boolean match) {
    lines.add(new MatchLine(number, new String(buf, s, e - s, StandardCharsets.UTF_8), match));
    lastEmitted = number;
  }
}
