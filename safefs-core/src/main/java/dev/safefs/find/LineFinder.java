package dev.safefs.find;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.safefs.read.Newlines;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds lines that match, working on raw bytes: {@link #next} returns an index inside the first matching line of
 * {@code b[from, to)} (a region of whole lines). A fixed string is found by a SWAR scan for its rarest byte and a
 * compare; a regex with a literal it cannot match without is prefiltered the same way, and only the candidate line
 * is decoded and given to RE2/J.
 */
abstract class LineFinder {

  abstract int next(byte[] b, int from, int to);

  /** Whether the line {@code b[from, to)} (no newline) matches. */
  boolean matchesLine(byte[] b, int from, int to) {
    return next(b, from, to) >= 0;
  }

  static LineFinder of(String pattern, boolean fixed, boolean ignoreCase) {
    if (pattern.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("the pattern may not contain a newline: lines are matched one by one");
    }
    if (fixed) {
      if (!ignoreCase || isAscii(pattern)) {
        return new Literal(pattern.getBytes(StandardCharsets.UTF_8), ignoreCase);
      }
      return new Scan(Pattern.compile(Pattern.quote(pattern), Pattern.CASE_INSENSITIVE));
    }
    Pattern p;
    try {
      p = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regex: " + e.getMessage());
    }
    String lit = RegexLiterals.required(pattern);
    if (lit != null && !(ignoreCase && !isAscii(lit)) && !lit.isEmpty()) {
      if (lit.equals(pattern)) {
        return new Literal(lit.getBytes(StandardCharsets.UTF_8), ignoreCase);
      }
      return new Prefiltered(new Literal(lit.getBytes(StandardCharsets.UTF_8), ignoreCase), p);
    }
    return new Scan(p);
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static int lineStart(byte[] b, int from, int at) {
    int nl = Newlines.lastIndexOf(b, from, at);
    return nl < 0 ? from : nl + 1;
  }

  static int lineEnd(byte[] b, int at, int to) {
    int nl = Newlines.indexOf(b, at, to);
    return nl < 0 ? to : nl;
  }

  /** A fixed string; ASCII letters folded when ignoring case. */
  static final class Literal extends LineFinder {
    private final byte[] lit;
    private final boolean fold;
    private final int rare;
    private final byte rareLo;
    private final byte rareHi;

    Literal(byte[] literal, boolean ignoreCase) {
      this.fold = ignoreCase;
      this.lit = ignoreCase ? lower(literal) : literal;
      this.rare = RareBytes.rarest(lit);
      byte r = lit.length == 0 ? 0 : lit[rare];
      this.rareLo = r;
      this.rareHi = fold && r >= 'a' && r <= 'z' ? (byte) (r - 32) : r;
    }

    /** The literal's bytes (lower-cased when folding); not to be changed. */
    byte[] bytes() {
      return lit;
    }

    boolean folds() {
      return fold;
    }

    /** The index of the byte searched for first (see {@link RareBytes}). */
    int rare() {
      return rare;
    }

    private static byte[] lower(byte[] b) {
      byte[] l = b.clone();
      for (int i = 0; i < l.length; i++) {
        if (l[i] >= 'A' && l[i] <= 'Z') {
          l[i] += 32;
        }
      }
      return l;
    }

    @Override
    int next(byte[] b, int from, int to) {
      int n = lit.length;
      if (n == 0) {
        return from <= to ? from : -1;
      }
      int i = from + rare;
      int last = to - (n - rare); // the last index the rare byte may be at
      while (i <= last) {
        int p = rareLo == rareHi ? ByteSearch.indexOf(b, i, last + 1, rareLo)
            : ByteSearch.indexOfEither(b, i, last + 1, rareLo, rareHi);
        if (p < 0) {
          return -1;
        }
        int s = p - rare;
        if (fold ? equalsFolded(b, s) : Arrays.equals(b, s, s + n, lit, 0, n)) {
          return s;
        }
        i = p + 1;
      }
      return -1;
    }

    private boolean equalsFolded(byte[] b, int s) {
      for (int k = 0; k < lit.length; k++) {
        byte x = b[s + k];
        if (x >= 'A' && x <= 'Z') {
          x += 32;
        }
        if (x != lit[k]) {
          return false;
        }
      }
      return true;
    }
  }

  /** A regex with a literal every match contains: candidates by the literal, then RE2/J on the line alone. */
  static final class Prefiltered extends LineFinder {
    private final Literal literal;
    private final Pattern pattern;

    Prefiltered(Literal literal, Pattern pattern) {
      this.literal = literal;
      this.pattern = pattern;
    }

    @Override
    int next(byte[] b, int from, int to) {
      int pos = from;
      while (pos <= to) {
        int hit = literal.next(b, pos, to);
        if (hit < 0) {
          return -1;
        }
        int ls = lineStart(b, from, hit);
        int le = lineEnd(b, hit, to);
        if (lineMatches(pattern, b, ls, le)) {
          return ls;
        }
        pos = le + 1;
      }
      return -1;
    }
  }

  static boolean lineMatches(Pattern pattern, byte[] b, int ls, int le) {
    return pattern.matcher(new String(b, ls, le - ls, StandardCharsets.UTF_8)).find();
  }

  /** A regex without a usable literal: RE2/J over the region's UTF-8 bytes, each hit confirmed on its line. */
  static final class Scan extends LineFinder {
    private final Pattern pattern;

    Scan(Pattern pattern) {
      this.pattern = pattern;
    }

    @Override
    int next(byte[] b, int from, int to) {
      if (to - from < 4096) { // short regions (single lines, mostly): decode and match directly
        int pos = from;
        while (pos <= to) {
          int le = lineEnd(b, pos, to);
          if (lineMatches(pattern, b, pos, le)) {
            return pos;
          }
          if (le >= to) {
            return -1;
          }
          pos = le + 1;
        }
        return -1;
      }
      byte[] region = Arrays.copyOfRange(b, from, to);
      Matcher m = pattern.matcher(region);
      int pos = 0;
      while (pos <= region.length && m.find(pos)) {
        int at = m.start();
        int ls = lineStart(region, 0, at);
        int le = lineEnd(region, at, region.length);
        if (lineMatches(pattern, region, ls, le)) {
          return from + ls;
        }
        pos = le + 1;
      }
      return -1;
    }
  }
}
