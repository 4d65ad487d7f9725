package dev.safefs.mcp;

import java.util.regex.Pattern;

/**
 * Globs with the semantics the official server gets from minimatch with {@code dot: true}: {@code *} and {@code ?}
 * stay within one path component, a {@code **} component matches zero or more components, {@code [...]} classes
 * and {@code {a,b}} alternatives. Patterns come from the model, so they are compiled to a regex of bounded shape
 * (no nested quantifiers a pattern could turn into backtracking blow-ups beyond the path's length).
 */
public final class Glob {
  private final Pattern pattern;

  private Glob(Pattern p) {
    this.pattern = p;
  }

  public static Glob compile(String glob) {
    StringBuilder re = new StringBuilder("^");
    String g = glob.replace('\\', '/');
    int braces = 0;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        boolean dbl = i + 1 < g.length() && g.charAt(i + 1) == '*';
        boolean startComponent = i == 0 || g.charAt(i - 1) == '/';
        if (dbl && startComponent && (i + 2 == g.length() || g.charAt(i + 2) == '/')) {
          if (i + 2 == g.length()) {
            re.append(".*");
            i += 1;
          } else {
            re.append("(?:[^/]*(?:/[^/]*)*/)?"); // zero or more whole components, each followed by '/'
            i += 2;
          }
        } else {
          re.append("[^/]*");
          while (i + 1 < g.length() && g.charAt(i + 1) == '*') {
            i++;
          }
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int end = g.indexOf(']', i + 1);
        if (end < 0) {
          re.append("\\[");
        } else {
          String cls = g.substring(i + 1, end);
          if (cls.startsWith("!")) {
            cls = "^" + cls.substring(1);
          }
          re.append('[').append(cls.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = end;
        }
      } else if (c == '{') {
        braces++;
        re.append("(?:");
      } else if (c == '}' && braces > 0) {
        braces--;
        re.append(')');
      } else if (c == ',' && braces > 0) {
        re.append('|');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    while (braces-- > 0) {
      re.append(')');
    }
    re.append('$');
    return new Glob(Pattern.compile(re.toString()));
  }

  /** Whether the "/"-separated relative path matches. */
  public boolean matches(String relative) {
    return pattern.matcher(relative).matches();
  }
}
