package dev.safefs.read;

import dev.safefs.os.FileHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows of a UTF-16 file with a byte-order mark, decoded as a stream (UTF-16 is rare enough not to need the
 * byte-level fast path): still constant memory, lines cut at the same limit.
 */
final class Utf16Lines {
  private final Path path;
  private final FileHandle file;
  private final long size;
  private final TextEncoding enc;
  private final ReadOptions options;

  Utf16Lines(Path path, FileHandle file, long size, TextEncoding enc, ReadOptions options) {
    this.path = path;
    this.file = file;
    this.size = size;
    this.enc = enc;
    this.options = options;
  }

  ReadResult read() throws IOException {
    Charset cs = enc == TextEncoding.UTF_16LE ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
    Reader in = new InputStreamReader(new PreadStream(file, enc.bomLength(), size), cs);
    int maxChars = options.maxLineBytes();
    StringBuilder line = new StringBuilder();
    long lineNo = 0;
    List<String> window = new ArrayList<>();
    ArrayDeque<String> ring = new ArrayDeque<>();
    int cut = 0;
    char[] buf = new char[8192];
    long lineChars = 0;
    boolean more = false;
    long windowEnd = options.offset() - 1 + options.limit();
    int n;
    boolean pending = false;
    while (true) {
      n = in.read(buf);
      boolean eof = n <= 0;
      if (eof && !pending) {
        break;
      }
      int count = eof ? 1 : n;
      for (int i = 0; i < count; i++) {
        char c = eof ? '\n' : buf[i];
        if (c != '\n') {
          pending = true;
          lineChars++;
          if (line.length() < maxChars) {
            line.append(c);
          }
          continue;
        }
        pending = false;
        lineNo++;
        boolean isCut = lineChars > maxChars;
        String text = render(line, lineChars, maxChars);
        line.setLength(0);
        lineChars = 0;
        if (options.tail()) {
          ring.addLast(text);
          if (ring.size() > options.limit()) {
            ring.removeFirst();
          }
        } else if (lineNo >= options.offset() && lineNo <= windowEnd) {
          window.add(text);
          cut += isCut ? 1 : 0;
        } else if (lineNo > windowEnd) {
          more = true;
        }
      }
      if (eof) {
        break;
      }
    }
    if (options.tail()) {
      List<String> lines = new ArrayList<>(ring);
      long first = lineNo - lines.size() + 1;
      int tailCut = (int) lines.stream().filter(l -> l.contains(TextReader.CUT_MARKER)).count();
      return new ReadResult(path, size, enc, first, lines, lineNo, false, 0, tailCut);
    }
    return new ReadResult(path, size, enc, options.offset(), window, lineNo, more,
        more ? windowEnd + 1 : 0, cut);
  }

  private static String render(StringBuilder line, long chars, int max) {
    int len = line.length();
    if (len > 0 && line.charAt(len - 1) == '\r' && chars <= max) {
      line.setLength(len - 1);
    }
    if (chars <= max) {
      return line.toString();
    }
    return line + TextReader.CUT_MARKER + " " + (chars - line.length()) + " more characters]";
  }

  /** The file from {@code pos} to {@code end} as a stream of preads. */
  private static final class PreadStream extends InputStream {
    private final FileHandle file;
    private long pos;
    private final long end;

    PreadStream(FileHandle file, long pos, long end) {
      this.file = file;
      this.pos = pos;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= end) {
        return -1;
      }
      int r = file.pread(b, off, (int) Math.min(len, end - pos), pos);
      if (r > 0) {
        pos += r;
      }
      return r;
    }
  }
}
