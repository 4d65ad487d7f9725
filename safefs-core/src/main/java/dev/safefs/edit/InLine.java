package dev.safefs.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * A single-line old text found inside a line under a normal form (runs of whitespace as one space; with unicode,
 * typographic characters as ASCII). Every character of the normal form remembers where it came from, so the match
 * maps back to exactly the original characters it covers; the rest of the line is untouched.
 */
final class InLine {
  private InLine() {}

  /** [start, end) offsets in the text of every non-overlapping occurrence. */
  static List<int[]> find(Lines lines, String old, boolean unicode) {
    List<int[]> out = new ArrayList<>();
    if (old.indexOf('\n') >= 0) {
      return out;
    }
    String want = normalize(old, unicode, null).strip();
    if (want.isEmpty()) {
      return out;
    }
    for (int i = 0; i < lines.count(); i++) {
      String line = lines.content(i);
      int[] map = new int[line.length() * 3 + 1];
      String norm = normalize(line, unicode, map);
      int from = 0;
      while (true) {
        int at = norm.indexOf(want, from);
        if (at < 0) {
          break;
        }
        int start = lines.start(i) + map[at];
        int end = lines.start(i) + map[at + want.length() - 1] + 1;
        out.add(new int[] {start, end});
        from = at + want.length();
      }
    }
    return out;
  }

  /** The normal form; {@code map[k]} receives the index in {@code s} of the character normal char k came from. */
  static String normalize(String s, boolean unicode, int[] map) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = unicode ? LineKeys.fold(String.valueOf(c)) : String.valueOf(c);
      for (int j = 0; j < r.length(); j++) {
        char d = r.charAt(j);
        boolean space = d == ' ' || d == '\t' || d == '\f' || d == 0x0B || d == '\r';
        if (space) {
          if (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
            continue;
          }
          d = ' ';
        }
        if (map != null) {
          map[sb.length()] = i;
        }
        sb.append(d);
      }
    }
    return sb.toString();
  }
}
