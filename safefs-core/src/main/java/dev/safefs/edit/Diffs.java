package dev.safefs.edit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Unified diffs (as {@code git diff} writes them) through java-diff-utils. */
final class Diffs {
  private Diffs() {}

  private static final String NO_EOL = "\u0000no-eol";
  private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(,\\d+)? \\+(\\d+)(,\\d+)? @@(.*)$");

  /** Diff of two whole texts (with their line endings); empty when they are equal. */
  static String ofTexts(String fromName, String toName, String a, String b) {
    if (a.equals(b)) {
      return "";
    }
    return of(fromName, toName, linesOf(a), linesOf(b), 0, 0);
  }

  /**
   * Diff of two line lists. A last line without a newline carries a marker so that a change of the final newline
   * shows as {@code \ No newline at end of file}; {@code aOffset}/{@code bOffset} shift the hunk line numbers when
   * the lists are a window of larger files.
   */
  static String of(String fromName, String toName, List<String> a, List<String> b, int aOffset, int bOffset) {
    Patch<String> patch = DiffUtils.diff(a, b);
    if (patch.getDeltas().isEmpty()) {
      return "";
    }
    List<String> out = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, 3);
    StringBuilder sb = new StringBuilder();
    for (String line : out) {
      if (line.startsWith("@@")) {
        line = shift(line, aOffset, bOffset);
      }
      if (line.endsWith(NO_EOL)) {
        sb.append(line, 0, line.length() - NO_EOL.length()).append("\n\\ No newline at end of file\n");
      } else {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** The lines of a text without terminators; a last line without a newline is marked (see {@link #of}). */
  static List<String> linesOf(String text) {
    Lines l = Lines.of(text);
    List<String> out = new ArrayList<>(l.count());
    for (int i = 0; i < l.count(); i++) {
      String c = l.content(i);
      out.add(i == l.count() - 1 && l.eol(i).isEmpty() ? c + NO_EOL : c);
    }
    return out;
  }

  private static String shift(String header, int aOffset, int bOffset) {
    Matcher m = HUNK.matcher(header);
    if (!m.matches() || (aOffset == 0 && bOffset == 0)) {
      return header;
    }
    int a = Integer.parseInt(m.group(1));
    int b = Integer.parseInt(m.group(3));
    return "@@ -" + (a + aOffset) + (m.group(2) == null ? "" : m.group(2)) + " +" + (b + bOffset)
        + (m.group(4) == null ? "" : m.group(4)) + " @@" + m.group(5);
  }
}
