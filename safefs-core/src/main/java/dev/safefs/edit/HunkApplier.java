package dev.safefs.edit;

import dev.safefs.ConflictException;
import dev.safefs.NoMatchException;
import dev.safefs.SafeFsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the hunks of one file in order. Each hunk is located by its context and removed lines with the line
 * strategies (the first strategy that finds it decides); a hunk found more than once is a conflict unless the file
 * is byte for byte the one the diff was made from (its git blob id) and one place is where the diff says. Nothing
 * is guessed: a hunk not found fails with the closest region.
 */
final class HunkApplier {
  private HunkApplier() {}

  static final List<Strategy> STRATEGIES = List.of(Strategy.EXACT, Strategy.LINE_TRIMMED,
      Strategy.WHITESPACE_COLLAPSED, Strategy.INDENTATION_FLEXIBLE, Strategy.UNICODE_NORMALIZED);

  record Result(String text, List<Change> changes) {}

  static Result apply(String text, List<Hunk> hunks, boolean crAware, boolean lineNumbersTrusted, String op,
      Path path) throws SafeFsException {
    List<Change> changes = new ArrayList<>();
    int cursor = 0;
    for (Hunk h : hunks) {
      String where = "hunk " + h.number() + " of " + hunks.size() + " (patch line " + h.patchLine() + "): ";
      Lines lines = Lines.of(text);
      LineMatcher matcher = new LineMatcher(lines);
      List<String> oldLines = stripCr(h.oldLines());
      List<String> newLines = stripCr(h.newLines());
      int from = cursor;
      for (String anchor : h.anchors()) {
        int a = anchor(matcher, lines, anchor, from);
        if (a < 0) {
          throw new NoMatchException(op, path, where + "its context line '@@ " + anchor + "' is not in the file"
              + (from > 0 ? " after line " + from : ""), null);
        }
        from = a + 1;
      }
      int n = lines.count();
      int at;
      Strategy strategy = Strategy.EXACT;
      int m = oldLines.size();
      if (m == 0) {
        at = h.newStart() > 0 ? Math.min(Math.max(h.newStart() - 1, cursor), n) : h.anchors().isEmpty() ? n : from;
      } else {
        at = -1;
        for (Strategy s : STRATEGIES) {
          List<Integer> found = matcher.find(s, oldLines, from, n);
          if (h.atEnd() || h.oldNoEol()) {
            found.removeIf(i -> i + m != n);
          }
          if (found.isEmpty()) {
            continue;
          }
          strategy = s;
          // where the diff says the hunk is, in the text as patched so far (a new side of zero lines names the
          // line before it)
          int expected = h.newStart() <= 0 && !newLines.isEmpty() ? -1
              : newLines.isEmpty() ? h.newStart() : h.newStart() - 1;
          if (found.size() == 1) {
            at = found.getFirst();
          } else if (lineNumbersTrusted && expected >= 0 && found.contains(expected)) {
            at = expected;
          } else {
            List<String> where2 = new ArrayList<>();
            for (int i : found) {
              where2.add((i + 1) + "-" + (i + m));
            }
            throw new ConflictException(op, path, where + "its context matches " + found.size() + " places ("
                + s.label() + ") at lines " + String.join(", ", where2)
                + (expected < 0 ? "" : found.contains(expected) ? "; its stated line " + (expected + 1)
                    + " is trusted only in the very file the diff was made from (named by git's index line)"
                    : ", none of them at the stated line " + (expected + 1))
                + ": not guessing; add context lines to the hunk");
          }
          break;
        }
        if (at < 0) {
          NoMatchException.Closest closest = ClosestRegion.find(lines, oldLines);
          throw new NoMatchException(op, path, where + "its context and removed lines are not in the file"
              + (from > 0 ? " after line " + from : "")
              + (closest == null ? "" : "; the closest text is at " + LineRange.span(closest.firstLine(),
                  closest.lastLine()) + " (" + Math.round(closest.similarity() * 100) + "% similar)"), closest);
        }
      }
      String replacement = replacement(lines, at, h, oldLines, newLines, crAware);
      int start = at < n ? lines.start(at) : text.length();
      int end = m == 0 ? start : lines.end(at + m - 1);
      if (m == 0 && at == n && n > 0 && lines.eol(n - 1).isEmpty() && !replacement.isEmpty()) {
        replacement = Splice.defaultEol(lines, 0, n) + replacement; // appending to a file without a final newline
      }
      text = text.substring(0, start) + replacement + text.substring(end);
      int newCount = newLines.size();
      changes.add(new Change(strategy, List.of(new LineRange(at + 1, at + m, at + 1, at + newCount)), false));
      cursor = at + newCount;
    }
    return new Result(text, changes);
  }

  private static String replacement(Lines lines, int at, Hunk h, List<String> oldLines, List<String> newLines,
      boolean crAware) {
    int m = oldLines.size();
    int[] newToOld = new int[newLines.size()];
    int[] refOld = new int[newLines.size()];
    List<String> newEols = new ArrayList<>();
    int k = 0;
    int j = 0;
    for (int i = 0; i < h.ops().size(); i++) {
      char op = h.ops().get(i);
      String raw = h.texts().get(i);
      if (op == '-') {
        k++;
        continue;
      }
      newToOld[j] = op == ' ' ? k : -1;
      refOld[j] = op == ' ' ? k : Math.max(0, Math.min(k, m - 1));
      newEols.add(crAware ? (raw.endsWith("\r") ? "\r\n" : "\n") : null);
      if (op == ' ') {
        k++;
      }
      j++;
    }
    Indentation indent = Indentation.of(concat(oldLines, newLines), lines.contents());
    String out = Splice.build(lines, at, m, oldLines, newLines, newToOld, refOld, true, indent, newEols);
    boolean atEof = at + m == lines.count();
    if (atEof && !out.isEmpty()) {
      boolean endsWithEol = out.endsWith("\n");
      if (h.newNoEol() && endsWithEol) {
        out = out.substring(0, out.length() - (out.endsWith("\r\n") ? 2 : 1));
      } else if (!h.newNoEol() && !endsWithEol && h.newStart() > 0) {
        String last = newEols.isEmpty() || newEols.getLast() == null ? Splice.defaultEol(lines, 0, lines.count())
            : newEols.getLast();
        out = out + last; // a unified diff without "\ No newline" on the new side: the file ends with a newline
      }
    }
    return out;
  }

  /** The first line at or after {@code from} that is the V4A anchor (strictest strategy first, then a prefix). */
  private static int anchor(LineMatcher matcher, Lines lines, String anchor, int from) {
    for (Strategy s : STRATEGIES) {
      List<Integer> found = matcher.find(s, List.of(anchor), from, lines.count());
      if (!found.isEmpty()) {
        return found.getFirst();
      }
    }
    String want = LineKeys.key(Strategy.UNICODE_NORMALIZED, anchor);
    for (int i = from; i < lines.count(); i++) {
      if (!want.isEmpty() && LineKeys.key(Strategy.UNICODE_NORMALIZED, lines.content(i)).startsWith(want)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> stripCr(List<String> in) {
    List<String> out = new ArrayList<>(in.size());
    for (String s : in) {
      out.add(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
