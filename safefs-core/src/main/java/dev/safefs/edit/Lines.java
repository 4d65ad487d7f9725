package dev.safefs.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A line index over a text: where each line starts, where its content ends and where its terminator ends. */
final class Lines {
  final String text;
  private final int[] start;
  private final int[] contentEnd;
  private final int[] end;
  private final int count;

  private Lines(String text, int[] start, int[] contentEnd, int[] end, int count) {
    this.text = text;
    this.start = start;
    this.contentEnd = contentEnd;
    this.end = end;
    this.count = count;
  }

  static Lines of(String text) {
    int cap = 16;
    int[] s = new int[cap];
    int[] c = new int[cap];
    int[] e = new int[cap];
    int n = 0;
    int pos = 0;
    int len = text.length();
    while (pos < len) {
      int nl = text.indexOf('\n', pos);
      if (n == s.length) {
        cap *= 2;
        s = Arrays.copyOf(s, cap);
        c = Arrays.copyOf(c, cap);
        e = Arrays.copyOf(e, cap);
      }
      s[n] = pos;
      if (nl < 0) {
        c[n] = len;
        e[n] = len;
        pos = len;
      } else {
        c[n] = nl > pos && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
        e[n] = nl + 1;
        pos = nl + 1;
      }
      n++;
    }
    return new Lines(text, s, c, e, n);
  }

  int count() {
    return count;
  }

  int start(int i) {
    return start[i];
  }

  int contentEnd(int i) {
    return contentEnd[i];
  }

  int end(int i) {
    return end[i];
  }

  String content(int i) {
    return text.substring(start[i], contentEnd[i]);
  }

  String eol(int i) {
    return text.substring(contentEnd[i], end[i]);
  }

  /** The 0-based line holding {@code offset} (the last line for the end of the text). */
  int lineAt(int offset) {
    if (count == 0) {
      return 0;
    }
    int lo = 0;
    int hi = count - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  List<String> contents() {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(content(i));
    }
    return out;
  }

  /** The line ending most lines use: CRLF when CRLF lines outnumber LF lines, else LF; LF without any. */
  String dominantEol() {
    String e = eolConvention();
    return e == null ? "\n" : e;
  }

  /** CRLF or LF as most lines end, or null when the text has no line break (it has no convention). */
  String eolConvention() {
    int crlf = 0;
    int lf = 0;
    for (int i = 0; i < count; i++) {
      int l = end[i] - contentEnd[i];
      if (l == 2) {
        crlf++;
      } else if (l == 1) {
        lf++;
      }
    }
    if (crlf + lf == 0) {
      return null;
    }
    return crlf > lf ? "\r\n" : "\n";
  }

  /** Splits caller text (old, new, hunk sides) into lines without terminators; a final newline adds no line. */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int pos = 0;
    while (pos < s.length()) {
      int nl = s.indexOf('\n', pos);
      int stop = nl < 0 ? s.length() : nl;
      int ce = stop > pos && s.charAt(stop - 1) == '\r' ? stop - 1 : stop;
      out.add(s.substring(pos, ce));
      pos = nl < 0 ? s.length() : nl + 1;
    }
    return out;
  }
}
