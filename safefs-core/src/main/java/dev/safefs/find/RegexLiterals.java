package dev.safefs.find;

/**
 * The longest literal that every match of a regex must contain, found conservatively (null when unsure): only at the
 * top level, outside groups and classes, with no alternation or flags anywhere. Used only to skip lines that cannot
 * match; every candidate is still checked by RE2/J.
 */
final class RegexLiterals {
  private RegexLiterals() {}

  static String required(String re) {
    if (re.indexOf('|') >= 0 || re.contains("(?") || re.contains("\\Q")) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int depth = 0;
    int n = re.length();
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '[') {
        best = longer(best, run);
        run.setLength(0);
        i = skipClass(re, i);
        if (i < 0) {
          return null;
        }
        continue;
      }
      if (c == '(') {
        best = longer(best, run);
        run.setLength(0);
        depth++;
        continue;
      }
      if (c == ')') {
        depth--;
        continue;
      }
      if (depth > 0) {
        if (c == '\\') {
          i++;
        }
        continue;
      }
      char lit;
      if (c == '\\') {
        if (i + 1 >= n) {
          return null;
        }
        char e = re.charAt(++i);
        if (Character.isLetterOrDigit(e)) { // \d \w \b \p{..} \x.. and such: not a plain literal
          best = longer(best, run);
          run.setLength(0);
          if (e == 'p' || e == 'P' || e == 'x') {
            return best.isEmpty() ? null : best; // their arguments are not worth parsing here
          }
          continue;
        }
        lit = e;
      } else if (".^$".indexOf(c) >= 0) {
        best = longer(best, run);
        run.setLength(0);
        continue;
      } else if ("*?{".indexOf(c) >= 0) {
        // the previous atom is optional or repeated: drop it from the run
        if (run.length() > 0) {
          run.setLength(run.length() - 1);
        }
        best = longer(best, run);
        run.setLength(0);
        if (c == '{') {
          int close = re.indexOf('}', i);
          if (close < 0) {
            return null;
          }
          i = close;
        }
        continue;
      } else if (c == '+') {
        best = longer(best, run);
        run.setLength(0);
        continue;
      } else {
        lit = c;
      }
      // a literal followed by a quantifier is handled when the quantifier is read
      run.append(lit);
    }
    best = longer(best, run);
    return best.isEmpty() ? null : best;
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  private static int skipClass(String re, int i) {
    int j = i + 1;
    if (j < re.length() && re.charAt(j) == '^') {
      j++;
    }
    if (j < re.length() && re.charAt(j) == ']') {
      j++;
    }
    for (; j < re.length(); j++) {
      char c = re.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '[' && j + 1 < re.length() && re.charAt(j + 1) == ':') {
        int close = re.indexOf(":]", j + 2);
        if (close < 0) {
          return -1;
        }
        j = close + 1;
      } else if (c == ']') {
        return j;
      }
    }
    return -1;
  }
}
