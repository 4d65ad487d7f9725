package dev.safefs.read;

import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a window of lines of a text file in constant memory: the file is opened only after stat says it is a
 * regular file (a FIFO or a device is refused before an open could block), is read no further than the size it had
 * when opened (a file that never ends cannot hang the read), and is refused when its bytes say it is binary.
 */
public final class TextReader {
  /** Ends a line that was longer than the limit; the number of bytes left out follows it. */
  public static final String CUT_MARKER = " [... line cut:";
  /** Below this size the total line count is computed even when the window does not reach the end. */
  static final long CHEAP_COUNT = 64L << 20;
  /** Below this size a tail says which line it starts at (a parallel count of the lines before it). */
  static final long CHEAP_TAIL_NUMBERS = 256L << 20;

  private final Os os;

  public TextReader(Os os) {
    this.os = os;
  }

  public static ReadResult read(Path path, ReadOptions options) throws IOException {
    return new TextReader(Os.get()).readFile(path, options);
  }

  public ReadResult readFile(Path path, ReadOptions options) throws IOException {
    Path abs = path.toAbsolutePath();
    Path parent = abs.getParent();
    if (parent == null || abs.getFileName() == null) {
      throw new InvalidInputException("read", path, "is a directory");
    }
    String name = abs.getFileName().toString();
    try (Dir dir = os.openDir(parent)) {
      FileStat before = os.stat(dir, name, true);
      refuseIfNotRegular(path, before.type());
      try (FileHandle file = os.open(dir, name, Os.Access.READ, true)) {
        FileStat opened = file.stat();
        long size = before.size();
        if (opened.type() != FileType.SYMLINK) { // the portable layer stats the path without following
          refuseIfNotRegular(path, opened.type());
          size = opened.size(); // the file as opened, should it have been replaced since the first stat
        }
        return readOpen(path, file, size, options);
      }
    } catch (IOException e) {
      throw SafeFsException.wrap("read", path, "", e);
    }
  }

  /**
   * Reads a window of a file the caller has already opened (the sandbox of {@code safefs serve} opens files
   * beneath a root without following symlinks); {@code shown} names it in results and messages.
   */
  public ReadResult readOpen(Path shown, FileHandle file, ReadOptions options) throws IOException {
    try {
      FileStat st = file.stat();
      refuseIfNotRegular(shown, st.type());
      return readOpen(shown, file, st.size(), options);
    } catch (IOException e) {
      throw SafeFsException.wrap("read", shown, "", e);
    }
  }

  private static void refuseIfNotRegular(Path path, FileType type) throws InvalidInputException {
    if (type == FileType.FILE) {
      return;
    }
    String what = switch (type) {
      case DIRECTORY -> "is a directory";
      case FIFO -> "is a FIFO (named pipe), not a regular file";
      case SOCKET -> "is a socket, not a regular file";
      case CHAR_DEVICE -> "is a character device, not a regular file";
      case BLOCK_DEVICE -> "is a block device, not a regular file";
      default -> "is not a regular file";
    };
    throw new InvalidInputException("read", path, what);
  }

  private ReadResult readOpen(Path path, FileHandle file, long size, ReadOptions options) throws IOException {
    byte[] sample = new byte[(int) Math.min(size, BinaryDetector.SAMPLE_SIZE)];
    LineLocator locator = new LineLocator(file, size);
    int got = locator.readFully(sample, 0, sample.length);
    ContentType type = BinaryDetector.detect(sample, got, got >= size);
    if (type.binary()) {
      throw new InvalidInputException("read", path, "binary file (" + type.kind() + ", "
          + String.format("%,d", size) + " bytes); not shown");
    }
    TextEncoding enc = type.encoding();
    if (enc.isUtf16()) {
      return new Utf16Lines(path, file, size, enc, options).read();
    }
    long start = enc.bomLength();
    if (options.tail()) {
      return tail(path, file, locator, size, enc, start, options);
    }
    LineLocator.Located at = locator.skip(start, options.offset() - 1);
    if (at.position() < 0 || (at.position() >= size && options.offset() > 1)) {
      long total = at.newlines() + (at.position() < 0 && size > start && !endsWithNewline(file, size) ? 1 : 0);
      return new ReadResult(path, size, enc, options.offset(), List.of(), total, false, 0, 0);
    }
    Collected c = collect(file, at.position(), size, options.limit(), options.maxLineBytes());
    long firstLine = options.offset();
    return finish(path, size, enc, firstLine, c, locator);
  }

  private ReadResult tail(Path path, FileHandle file, LineLocator locator, long size, TextEncoding enc, long start,
      ReadOptions options) throws IOException {
    long from = tailStart(file, start, size, options.limit());
    long firstLine = -1;
    if (from == start) {
      firstLine = 1;
    } else if (size <= CHEAP_TAIL_NUMBERS || options.numbered()) {
      firstLine = new LineLocator(file, from).skip(start, Long.MAX_VALUE).newlines() + 1;
    }
    Collected c = collect(file, from, size, options.limit(), options.maxLineBytes());
    return finish(path, size, enc, firstLine, c, locator);
  }

  private ReadResult finish(Path path, long size, TextEncoding enc, long firstLine, Collected c, LineLocator locator)
      throws IOException {
    boolean more = c.next < size;
    long total = -1;
    if (!more) {
      total = firstLine > 0 ? firstLine - 1 + c.lines.size() : -1;
    } else if (size <= CHEAP_COUNT && firstLine > 0) {
      long rest = new LineLocator(locator.file(), size).skip(c.next, Long.MAX_VALUE).newlines();
      boolean endsWithNewline = endsWithNewline(locator.file(), size);
      total = firstLine - 1 + c.lines.size() + rest + (endsWithNewline ? 0 : 1);
    }
    long next = more && firstLine > 0 ? firstLine + c.lines.size() : 0;
    return new ReadResult(path, size, enc, firstLine, c.lines, total, more, next, c.cut);
  }

  private static boolean endsWithNewline(FileHandle file, long size) throws IOException {
    byte[] one = new byte[1];
    return size > 0 && file.pread(one, 0, 1, size - 1) == 1 && one[0] == '\n';
  }

  /** Where the last {@code n} lines start: newlines are counted backwards from the end, block by block. */
  static long tailStart(FileHandle file, long start, long size, int n) throws IOException {
    if (n == 0) {
      return size;
    }
    byte[] buf = new byte[(int) Math.min(64 << 10, Math.max(1, size - start))];
    long end = size;
    boolean skipFinal = true; // a newline ending the file ends the last line; it does not start another
    long wanted = n;
    while (end > start) {
      int len = (int) Math.min(buf.length, end - start);
      long blockStart = end - len;
      int got = 0;
      while (got < len) {
        int r = file.pread(buf, got, len - got, blockStart + got);
        if (r <= 0) {
          throw new IOException("file shrank while reading");
        }
        got += r;
      }
      int to = len;
      if (skipFinal) {
        skipFinal = false;
        if (end == size && buf[len - 1] == '\n') {
          to = len - 1;
        }
      }
      while (true) {
        int nl = Newlines.lastIndexOf(buf, 0, to);
        if (nl < 0) {
          break;
        }
        if (--wanted == 0) {
          return blockStart + nl + 1;
        }
        to = nl;
      }
      end = blockStart;
    }
    return start;
  }

  record Collected(List<String> lines, long next, int cut) {}

  /** Up to {@code limit} lines from {@code pos}, each kept to {@code maxLine} bytes; reads 64 KB at a time. */
  static Collected collect(FileHandle file, long pos, long size, int limit, int maxLine) throws IOException {
    List<String> lines = new ArrayList<>(Math.min(limit, 1024));
    byte[] buf = new byte[(int) Math.max(1, Math.min(64 << 10, size - pos))];
    byte[] line = new byte[Math.min(maxLine, 1 << 16)];
    int lineLen = 0;
    long lineBytes = 0;
    int cut = 0;
    long bufStart = pos;
    int bufPos = 0;
    int bufLen = 0;
    while (lines.size() < limit) {
      if (bufPos == bufLen) {
        bufStart += bufLen;
        bufPos = 0;
        bufLen = 0;
        if (bufStart >= size) {
          if (lineBytes > 0) {
            cut += addLine(lines, line, lineLen, lineBytes, maxLine);
            lineBytes = 0;
          }
          break;
        }
        int r = file.pread(buf, 0, (int) Math.min(buf.length, size - bufStart), bufStart);
        if (r <= 0) {
          size = bufStart; // shrank: end here
          continue;
        }
        bufLen = r;
      }
      int nl = Newlines.indexOf(buf, bufPos, bufLen);
      int segEnd = nl < 0 ? bufLen : nl;
      int keep = (int) Math.min(segEnd - bufPos, Math.max(0, Math.min(line.length, maxLine) - lineLen));
      if (keep > 0) {
        if (lineLen + keep > line.length) {
          line = java.util.Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, lineLen + keep)));
        }
        System.arraycopy(buf, bufPos, line, lineLen, keep);
        lineLen += keep;
      }
      lineBytes += segEnd - bufPos;
      bufPos = nl < 0 ? bufLen : nl + 1;
      if (nl >= 0) {
        cut += addLine(lines, line, lineLen, lineBytes, maxLine);
        lineLen = 0;
        lineBytes = 0;
      }
    }
    return new Collected(lines, bufStart + bufPos, cut);
  }

  private static int addLine(List<String> lines, byte[] line, int len, long total, int maxLine) {
    if (total <= maxLine) {
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      lines.add(new String(line, 0, len, java.nio.charset.StandardCharsets.UTF_8));
      return 0;
    }
    int keep = utf8Boundary(line, len);
    lines.add(new String(line, 0, keep, java.nio.charset.StandardCharsets.UTF_8) + CUT_MARKER + " "
        + (total - keep) + " more bytes]");
    return 1;
  }

  /** The largest length <= len that does not end inside a multi-byte character. */
  static int utf8Boundary(byte[] b, int len) {
    int i = len - 1;
    int back = 0;
    while (i >= 0 && (b[i] & 0xc0) == 0x80 && back < 3) {
      i--;
      back++;
    }
    if (i < 0) {
      return len;
    }
    int lead = b[i] & 0xff;
    int need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return len - i >= need ? len : i;
  }
}
