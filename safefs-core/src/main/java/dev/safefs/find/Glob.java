package dev.safefs.find;

import com.google.re2j.Pattern;

/**
 * A shell/gitignore glob: {@code *} and {@code ?} never cross a {@code /}, {@code **} as a whole path segment spans
 * any number of directories, {@code [a-z]} and {@code [!a-z]} are classes, {@code {a,b}} alternatives and a
 * backslash escapes. Common shapes ({@code *.csv}, {@code name}, {@code prefix*}) are matched by string tests; the
 * rest by a linear-time RE2/J program, so a hostile glob cannot make a walk hang.
 */
public final class Glob {
  private enum Shape { LITERAL, SUFFIX, PREFIX, CONTAINS, REGEX }

  private final String glob;
  private final Shape shape;
  private final String literal;
  private final Pattern regex;
  private final byte[] literalBytes;

  private Glob(String glob, Shape shape, String literal, Pattern regex) {
    this.glob = glob;
    this.shape = shape;
    this.literal = literal;
    this.regex = regex;
    this.literalBytes = literal == null ? null : literal.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Whether {@link #matchesName} can decide without a String. */
  boolean matchesBytes() {
    return shape != Shape.REGEX;
  }

  /** Matches a file name (no slash) given as UTF-8 bytes; only when {@link #matchesBytes()}. */
  boolean matchesName(byte[] b, int off, int len) {
    byte[] lit = literalBytes;
    int n = lit.length;
    switch (shape) {
      case LITERAL -> {
        return len == n && java.util.Arrays.equals(b, off, off + len, lit, 0, n);
      }
      case SUFFIX -> {
        return len >= n && java.util.Arrays.equals(b, off + len - n, off + len, lit, 0, n);
      }
      case PREFIX -> {
        return len >= n && java.util.Arrays.equals(b, off, off + n, lit, 0, n);
      }
      case CONTAINS -> {
        outer:
        for (int i = off, last = off + len - n; i <= last; i++) {
          for (int k = 0; k < n; k++) {
            if (b[i + k] != lit[k]) {
              continue outer;
            }
          }
          return true;
        }
        return false;
      }
      default -> throw new IllegalStateException("not a byte glob: " + glob);
    }
  }

  public static Glob compile(String glob) {
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("empty glob");
    }
    String inner;
    if (!hasSpecial(glob)) {
      return new Glob(glob, Shape.LITERAL, glob, null);
    }
    if (glob.startsWith("*") && !glob.startsWith("**") && !hasSpecial(inner = glob.substring(1))
        && !inner.contains("/")) {
      return new Glob(glob, Shape.SUFFIX, inner, null);
    }
    if (glob.endsWith("*") && !glob.endsWith("**") && !hasSpecial(inner = glob.substring(0, glob.length() - 1))
        && !inner.contains("/")) {
      return new Glob(glob, Shape.PREFIX, inner, null);
    }
    if (glob.length() > 2 && glob.startsWith("*") && glob.endsWith("*") && !glob.startsWith("**")
        && !glob.endsWith("**") && !hasSpecial(inner = glob.substring(1, glob.length() - 1))
        && !inner.contains("/")) {
      return new Glob(glob, Shape.CONTAINS, inner, null);
    }
    return new Glob(glob, Shape.REGEX, null, Pattern.compile(toRegex(glob), Pattern.DOTALL));
  }

  private static boolean hasSpecial(String s) {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '*', '?', '[', '{', '\\' -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  public boolean matches(CharSequence s) {
    return switch (shape) {
      case LITERAL -> literal.contentEquals(s);
      case SUFFIX -> endsWith(s, literal) && indexOfSlash(s, 0, s.length() - literal.length()) < 0;
      case PREFIX -> startsWith(s, literal) && indexOfSlash(s, literal.length(), s.length()) < 0;
      case CONTAINS -> indexOfSlash(s, 0, s.length()) < 0 && s.toString().contains(literal);
      case REGEX -> regex.matcher(s).matches();
    };
  }

  private static boolean endsWith(CharSequence s, String suffix) {
    int off = s.length() - suffix.length();
    if (off < 0) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (s.charAt(off + i) != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(CharSequence s, String prefix) {
    if (s.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (s.charAt(i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfSlash(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '/') {
        return i;
      }
    }
    return -1;
  }

  /** True when the glob names a path (it has a slash), not just a file name. */
  public boolean hasSlash() {
    return glob.indexOf('/') >= 0;
  }

  @Override
  public String toString() {
    return glob;
  }

  /** The glob as an RE2 regular expression matching the whole string. */
  static String toRegex(String g) {
    StringBuilder re = new StringBuilder();
    int n = g.length();
    int braces = 0;
    for (int i = 0; i < n; i++) {
      char c = g.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < n && g.charAt(i + 1) == '*') {
            boolean segStart = i == 0 || g.charAt(i - 1) == '/';
            int j = i + 2;
            boolean segEnd = j == n || g.charAt(j) == '/';
            if (segStart && segEnd) {
              if (j == n) {
                re.append(".*"); // "a/**": everything below
              } else {
                re.append("(?:.*/)?"); // "**/" or "a/**/b": zero or more directories
                j++;
              }
              i = j - 1;
              continue;
            }
            re.append("[^/]*");
            i++;
            continue;
          }
          re.append("[^/]*");
        }
        case '?' -> re.append("[^/]");
        case '[' -> {
          int j = i + 1;
          StringBuilder cls = new StringBuilder("[");
          if (j < n && (g.charAt(j) == '!' || g.charAt(j) == '^')) {
            cls.append('^');
            j++;
          }
          boolean first = true;
          boolean closed = false;
          for (; j < n; j++) {
            char d = g.charAt(j);
            if (d == ']' && !first) {
              closed = true;
              break;
            }
            first = false;
            if (d == '\\' && j + 1 < n) {
              d = g.charAt(++j);
              cls.append('\\').append(d);
            } else if (d == '-') {
              cls.append('-');
            } else {
              appendClassChar(cls, d);
            }
          }
          if (!closed) {
            re.append("\\[");
            continue;
          }
          if (cls.charAt(1) == '^') {
            cls.append('/'); // a negated class does not match a slash either
          }
          re.append(cls).append(']');
          i = j;
        }
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            re.append(')');
          } else {
            re.append("\\}");
          }
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 < n) {
            re.append(Pattern.quote(String.valueOf(g.charAt(++i))));
          } else {
            re.append("\\\\");
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    while (braces-- > 0) {
      re.append(')');
    }
    return re.toString();
  }

  private static void appendClassChar(StringBuilder cls, char d) {
    if (d == '\\' || d == ']' || d == '[' || d == '^') {
      cls.append('\\');
    }
    cls.append(d);
  }
}
