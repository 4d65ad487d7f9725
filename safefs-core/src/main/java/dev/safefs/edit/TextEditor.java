package dev.safefs.edit;

import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NoMatchException;
import dev.safefs.SafeFsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Applies one edit to a text in memory: the strategies in order, the first that finds the old text decides. */
final class TextEditor {
  private TextEditor() {}

  static final List<Strategy> LINE_STRATEGIES = List.of(Strategy.LINE_TRIMMED, Strategy.WHITESPACE_COLLAPSED,
      Strategy.INDENTATION_FLEXIBLE, Strategy.UNICODE_NORMALIZED);

  /** The text after the edit and how it was applied. */
  record Outcome(String text, Change change) {}

  /** One place to replace: [start, end) of the text, and what goes there. */
  private record Match(int start, int end, String replacement) {}

  static Outcome apply(String text, Edit e, String op, Path path) throws SafeFsException {
    String old = e.oldText();
    String nu = e.newText();
    if (old.isEmpty()) {
      throw new InvalidInputException(op, path, "old text is empty");
    }
    if (old.equals(nu)) {
      throw new InvalidInputException(op, path, "old and new text are the same");
    }
    Lines lines = Lines.of(text);
    LineMatcher matcher = new LineMatcher(lines);
    Outcome o = attempt(text, lines, matcher, old, nu, e.replaceAll(), null, op, path);
    if (o != null) {
      return o;
    }
    String uOld = LineKeys.unescape(old);
    String uNew = LineKeys.unescape(nu);
    if (!uOld.equals(old) && !uOld.isEmpty() && !uOld.equals(uNew)) {
      o = attempt(text, lines, matcher, uOld, uNew, e.replaceAll(), Strategy.ESCAPE_NORMALIZED, op, path);
      if (o != null) {
        return o;
      }
    }
    NoMatchException.Closest closest = ClosestRegion.find(lines, Lines.split(old));
    Outcome applied = alreadyApplied(text, lines, matcher, nu, closest);
    if (applied != null) {
      return applied;
    }
    String reason = "old text not found (tried " + tried() + ")"
        + (closest == null ? "; nothing similar in the file"
            : "; the closest text is at " + LineRange.span(closest.firstLine(), closest.lastLine()) + " ("
                + Math.round(closest.similarity() * 100) + "% similar): did you mean it? see the diff");
    throw new NoMatchException(op, path, reason, closest);
  }

  private static String tried() {
    List<String> names = new ArrayList<>();
    for (Strategy s : Strategy.values()) {
      names.add(s.label());
    }
    return String.join(", ", names);
  }

  /** Tries exact then the line strategies; null when none finds the old text. */
  private static Outcome attempt(String text, Lines lines, LineMatcher matcher, String old, String nu,
      boolean all, Strategy reportAs, String op, Path path) throws SafeFsException {
    List<Match> exact = exact(text, lines, old, nu);
    if (!exact.isEmpty()) {
      Strategy s = reportAs != null ? reportAs : Strategy.EXACT;
      if (exact.size() == 1 && !all) {
        Match m = exact.getFirst();
        if (coveredByNew(text, m, old, nu)) {
          return new Outcome(text, new Change(s, List.of(range(lines, m)), true));
        }
      }
      return finish(text, lines, exact, all, s, op, path);
    }
    List<String> oldLines = Lines.split(old);
    if (!LineMatcher.hasContent(oldLines)) {
      return null;
    }
    // a part of a line only for text without outer whitespace (with it, the caller means whole lines)
    boolean singleLine = old.indexOf('\n') < 0 && old.strip().equals(old);
    List<String> newLines = Lines.split(nu);
    boolean oldEndsNl = old.endsWith("\n");
    for (Strategy s : LINE_STRATEGIES) {
      List<Integer> found = matcher.find(s, oldLines, 0, lines.count());
      if (found.isEmpty() && singleLine
          && (s == Strategy.WHITESPACE_COLLAPSED || s == Strategy.UNICODE_NORMALIZED)) {
        // a part of a line: the same normal form, mapped back to exactly the characters it covers
        List<Match> parts = new ArrayList<>();
        for (int[] r : InLine.find(lines, old, s == Strategy.UNICODE_NORMALIZED)) {
          parts.add(new Match(r[0], r[1], nu));
        }
        if (!parts.isEmpty()) {
          return finish(text, lines, parts, all, reportAs != null ? reportAs : s, op, path);
        }
        continue;
      }
      if (found.isEmpty()) {
        continue;
      }
      List<String> callerLines = new ArrayList<>(oldLines);
      callerLines.addAll(newLines);
      Indentation indent = Indentation.of(callerLines, lines.contents());
      Alignment align = Alignment.of(oldLines, newLines);
      int m = oldLines.size();
      List<Match> matches = new ArrayList<>();
      for (int i : found) {
        int start = lines.start(i);
        int end = oldEndsNl ? lines.end(i + m - 1) : lines.contentEnd(i + m - 1);
        String repl = Splice.build(lines, i, m, oldLines, newLines, align.newToOld(), align.refOld(), oldEndsNl,
            indent, null);
        matches.add(new Match(start, end, repl));
      }
      return finish(text, lines, matches, all, reportAs != null ? reportAs : s, op, path);
    }
    return null;
  }

  /** Every non-overlapping occurrence of old, as given or with its line breaks in the file's convention. */
  private static List<Match> exact(String text, Lines lines, String old, String nu) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(old);
    variants.add(TextCodec.withEol(old, "\n"));
    variants.add(TextCodec.withEol(old, "\r\n"));
    for (String needle : variants) {
      List<Match> out = new ArrayList<>();
      int from = 0;
      while (true) {
        int at = text.indexOf(needle, from);
        if (at < 0) {
          break;
        }
        int end = at + needle.length();
        if (splitsCrlf(text, at) || splitsCrlf(text, end)) {
          from = at + 1; // never cut a CR from its LF
          continue;
        }
        String eol = needle.contains("\r\n") ? "\r\n" : needle.contains("\n") ? "\n" : lines.eolConvention();
        out.add(new Match(at, end, eol == null ? nu : TextCodec.withEol(nu, eol)));
        from = end;
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    return List.of();
  }

  private static boolean splitsCrlf(String text, int pos) {
    return pos > 0 && pos < text.length() && text.charAt(pos - 1) == '\r' && text.charAt(pos) == '\n';
  }

  /** The old text sits inside an occurrence of the new text that contains it: the edit was already made. */
  private static boolean coveredByNew(String text, Match m, String old, String nu) {
    String needle = text.substring(m.start(), m.end());
    String newInFile = m.replacement();
    int k = newInFile.indexOf(needle);
    if (k < 0) {
      return false;
    }
    while (k >= 0) {
      int s = m.start() - k;
      if (s >= 0 && text.startsWith(newInFile, s)) {
        return true;
      }
      k = newInFile.indexOf(needle, k + 1);
    }
    return false;
  }

  private static Outcome finish(String text, Lines lines, List<Match> matches, boolean all, Strategy s, String op,
      Path path) throws ConflictException {
    if (matches.size() > 1 && !all) {
      List<String> where = new ArrayList<>();
      for (Match m : matches) {
        LineRange r = range(lines, m);
        where.add(r.oldFirst() == r.oldLast() ? String.valueOf(r.oldFirst()) : r.oldFirst() + "-" + r.oldLast());
      }
      throw new ConflictException(op, path, "old text matches " + matches.size() + " times (" + s.label()
          + ") at lines " + String.join(", ", where)
          + ": include more surrounding lines to make it unique, or replace all");
    }
    StringBuilder sb = new StringBuilder(text.length() + 64);
    int pos = 0;
    List<int[]> newSpans = new ArrayList<>();
    for (Match m : matches) {
      sb.append(text, pos, m.start());
      newSpans.add(new int[] {sb.length(), sb.length() + m.replacement().length()});
      sb.append(m.replacement());
      pos = m.end();
    }
    sb.append(text, pos, text.length());
    String out = sb.toString();
    Lines after = Lines.of(out);
    List<LineRange> ranges = new ArrayList<>();
    for (int i = 0; i < matches.size(); i++) {
      LineRange r = range(lines, matches.get(i));
      int[] span = newSpans.get(i);
      int newFirst = after.lineAt(span[0]) + 1;
      int newLast = span[1] > span[0] ? after.lineAt(span[1] - 1) + 1 : newFirst - 1;
      ranges.add(new LineRange(r.oldFirst(), r.oldLast(), newFirst, newLast));
    }
    return new Outcome(out, new Change(s, ranges, false));
  }

  /** Only whitespace between the match and the line breaks before and after it (a part of a line may be chance). */
  private static boolean wholeLines(String text, Match m) {
    for (int i = m.start() - 1; i >= 0 && text.charAt(i) != '\n'; i--) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    if (m.end() > m.start() && text.charAt(m.end() - 1) == '\n') {
      return true;
    }
    for (int i = m.end(); i < text.length() && text.charAt(i) != '\n'; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static LineRange range(Lines lines, Match m) {
    int first = lines.lineAt(m.start()) + 1;
    int last = m.end() > m.start() ? lines.lineAt(m.end() - 1) + 1 : first - 1;
    return new LineRange(first, last, first, last);
  }

  /**
   * Old is nowhere, and new is found exactly once where old would be (overlapping the region most similar to old):
   * the edit was already made; nothing changes. New text that merely exists somewhere else is no success.
   */
  private static Outcome alreadyApplied(String text, Lines lines, LineMatcher matcher, String nu,
      NoMatchException.Closest closest) {
    if (nu.isBlank() || closest == null) {
      return null;
    }
    Outcome o = findNew(text, lines, matcher, nu);
    if (o == null) {
      return null;
    }
    LineRange r = o.change().ranges().getFirst();
    boolean overlaps = r.oldFirst() <= closest.lastLine() && closest.firstLine() <= r.oldLast();
    return overlaps ? o : null;
  }

  private static Outcome findNew(String text, Lines lines, LineMatcher matcher, String nu) {
    List<Match> exact = exact(text, lines, nu, nu);
    if (exact.size() == 1) {
      Match m = exact.getFirst();
      return wholeLines(text, m) ? new Outcome(text, new Change(Strategy.EXACT, List.of(range(lines, m)), true))
          : null;
    }
    if (!exact.isEmpty()) {
      return null;
    }
    List<String> newLines = Lines.split(nu);
    for (Strategy s : LINE_STRATEGIES) {
      List<Integer> found = matcher.find(s, newLines, 0, lines.count());
      if (found.size() == 1) {
        int i = found.getFirst();
        LineRange r = new LineRange(i + 1, i + newLines.size(), i + 1, i + newLines.size());
        return new Outcome(text, new Change(s, List.of(r), true));
      }
      if (!found.isEmpty()) {
        return null;
      }
    }
    return null;
  }
}
