package dev.safefs.edit;

import java.util.List;

/**
 * Re-indents replacement lines written at the caller's indentation (say four spaces) to the file's (say tabs, at a
 * different depth): depth relative to the replaced line is kept, measured in each side's indentation unit.
 */
final class Indentation {
  private static final int TAB = 4;

  private final int callerUnit;
  private final int fileUnit;
  private final boolean fileTabs;

  private Indentation(int callerUnit, int fileUnit, boolean fileTabs) {
    this.callerUnit = callerUnit;
    this.fileUnit = fileUnit;
    this.fileTabs = fileTabs;
  }

  static Indentation of(List<String> callerLines, List<String> fileLines) {
    boolean tabs = usesTabs(fileLines);
    int file = tabs ? TAB : unit(fileLines, 0);
    int caller = unit(callerLines, file);
    return new Indentation(caller, file, tabs);
  }

  /** {@code line} (a caller line) moved from {@code callerRef}'s indentation to {@code fileRef}'s. */
  String reindent(String line, String callerRef, String fileRef) {
    String refLead = LineKeys.leading(callerRef);
    String fileLead = LineKeys.leading(fileRef);
    if (refLead.equals(fileLead) || line.isBlank()) {
      return line;
    }
    String lead = LineKeys.leading(line);
    String rest = line.substring(lead.length());
    if (lead.startsWith(refLead) && !refLead.isEmpty() && sameStyle(refLead, fileLead)) {
      return fileLead + lead.substring(refLead.length()) + rest;
    }
    int delta = columns(lead) - columns(refLead);
    int levels = delta / callerUnit;
    int remainder = delta % callerUnit;
    int target = Math.max(0, columns(fileLead) + levels * fileUnit + remainder);
    return render(target, fileTabs || fileLead.indexOf('\t') >= 0) + rest;
  }

  private static boolean sameStyle(String a, String b) {
    return (a.indexOf('\t') >= 0) == (b.indexOf('\t') >= 0) && (a.indexOf(' ') >= 0) == (b.indexOf(' ') >= 0);
  }

  private static String render(int columns, boolean tabs) {
    StringBuilder sb = new StringBuilder();
    if (tabs) {
      sb.append("\t".repeat(columns / TAB));
      columns %= TAB;
    }
    sb.append(" ".repeat(columns));
    return sb.toString();
  }

  static int columns(String lead) {
    int c = 0;
    for (int i = 0; i < lead.length(); i++) {
      c += lead.charAt(i) == '\t' ? TAB : 1;
    }
    return c;
  }

  private static boolean usesTabs(List<String> lines) {
    int tabs = 0;
    int spaces = 0;
    for (String l : lines) {
      if (l.startsWith("\t")) {
        tabs++;
      } else if (l.startsWith(" ") && !l.isBlank()) {
        spaces++;
      }
    }
    return tabs > spaces;
  }

  /** The most frequent increase of indentation between consecutive non-blank lines; {@code fallback} when none. */
  private static int unit(List<String> lines, int fallback) {
    int[] freq = new int[17];
    int prev = -1;
    int seen = 0;
    for (String l : lines) {
      if (l.isBlank()) {
        continue;
      }
      int c = columns(LineKeys.leading(l));
      if (prev >= 0 && c > prev && c - prev <= 16) {
        freq[c - prev]++;
      }
      prev = c;
      if (++seen > 20_000) {
        break;
      }
    }
    int best = 0;
    for (int d = 1; d <= 16; d++) {
      if (freq[d] > freq[best] || (freq[d] == freq[best] && freq[d] > 0 && d == TAB)) {
        best = d;
      }
    }
    if (best == 0) {
      return fallback > 0 ? fallback : TAB;
    }
    return best;
  }
}
