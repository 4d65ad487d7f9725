package dev.safefs.purge;

import java.util.regex.Pattern;

/**
 * A shell glob. Without a '/' it matches a file's name (as {@code find -name} does); with one, the path relative to
 * the purge root. {@code *} and {@code ?} never match '/', {@code **} matches across directories, {@code [abc]} and
 * {@code [!a-z]} are classes, a backslash escapes. A leading dot is matched by {@code *} like any other character.
 *
 * <p>Written by hand because the common forms ({@code *.log}, {@code prefix*}, a literal) must cost no regex over a
 * million names; the rest compiles to a regex made only of literals, classes and {@code [^/]*} / {@code .*}, which
 * the JDK engine runs without catastrophic backtracking for these shapes.
 */
public final class Glob {
  private final String source;
  private final boolean onPath;
  private final String suffix;
  private final String prefix;
  private final String literal;
  private final Pattern regex;
  /** The ASCII bytes of the suffix, prefix or literal, when the glob is one of those on the name; else null. */
  private final byte[] asciiPart;

  private Glob(String source, boolean onPath, String prefix, String suffix, String literal, Pattern regex) {
    this.source = source;
    this.onPath = onPath;
    this.prefix = prefix;
    this.suffix = suffix;
    this.literal = literal;
    this.regex = regex;
    String part = suffix != null ? suffix : prefix != null ? prefix : literal;
    this.asciiPart = !onPath && part != null && isAscii(part)
        ? part.getBytes(java.nio.charset.StandardCharsets.US_ASCII) : null;
  }

  public static Glob compile(String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IllegalArgumentException("empty glob");
    }
    boolean onPath = glob.indexOf('/') >= 0;
    String g = onPath && glob.startsWith("/") ? glob.substring(1) : glob;
    boolean special = false;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '?' || c == '[' || c == '\\' || (c == '*' && i != 0 && i != g.length() - 1)) {
        special = true;
      }
    }
    if (!special) {
      int stars = 0;
      for (int i = 0; i < g.length(); i++) {
        stars += g.charAt(i) == '*' ? 1 : 0;
      }
      if (stars == 0) {
        return new Glob(glob, onPath, null, null, g, null);
      }
      if (stars == 1 && g.charAt(0) == '*' && g.indexOf('/') < 0) {
        return new Glob(glob, onPath, null, g.substring(1), null, null);
      }
      if (stars == 1 && g.charAt(g.length() - 1) == '*' && g.indexOf('/') < 0) {
        return new Glob(glob, onPath, g.substring(0, g.length() - 1), null, null, null);
      }
    }
    return new Glob(glob, onPath, null, null, null, Pattern.compile(toRegex(g), Pattern.DOTALL));
  }

  // loops, not streams: each lambda a short command links costs it about a millisecond at start
  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String toRegex(String g) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < g.length()) {
      char c = g.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
              i++;
              re.append("(?:.*/)?"); // **/ : zero or more directories
            } else {
              re.append(".*");
            }
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 >= g.length()) {
            throw new IllegalArgumentException("glob ends with a lone backslash: " + g);
          }
          re.append(Pattern.quote(String.valueOf(g.charAt(++i))));
        }
        case '[' -> {
          int end = g.indexOf(']', i + 2);
          if (end < 0) {
            throw new IllegalArgumentException("unclosed [ in glob: " + g);
          }
          String body = g.substring(i + 1, end);
          boolean negate = body.startsWith("!") || body.startsWith("^");
          if (negate) {
            body = body.substring(1);
          }
          StringBuilder cls = new StringBuilder(negate ? "[^/" : "[");
          for (char b : body.toCharArray()) {
            cls.append(b == '-' ? "-" : Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
          }
          re.append(cls).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return re.toString();
  }

  /** Whether a file matches: {@code relative} is its path under the root ('/'-separated), {@code name} its name. */
  public boolean matches(String relative, String name) {
    String s = onPath ? relative : name;
    if (suffix != null) {
      return s.endsWith(suffix);
    }
    if (prefix != null) {
      return s.startsWith(prefix);
    }
    if (literal != null) {
      return s.equals(literal);
    }
    return regex.matcher(s).matches();
  }

  /**
   * Whether {@link #matchesNameBytes} decides exactly: a suffix, prefix or literal glob on the name made of ASCII. In
   * UTF-8 an ASCII byte is always that character (a malformed sequence decodes to U+FFFD, never to ASCII), so
   * comparing the name's bytes gives the same answer as comparing its decoded String.
   */
  public boolean matchesBytes() {
    return asciiPart != null;
  }

  /** A name's match on its raw UTF-8 bytes, without making a String; only when {@link #matchesBytes()}. */
  public boolean matchesNameBytes(byte[] b, int off, int len) {
    byte[] p = asciiPart;
    if (len < p.length) {
      return false;
    }
    if (suffix != null) {
      return java.util.Arrays.equals(b, off + len - p.length, off + len, p, 0, p.length);
    }
    if (prefix != null) {
      return java.util.Arrays.equals(b, off, off + p.length, p, 0, p.length);
    }
    return len == p.length && java.util.Arrays.equals(b, off, off + len, p, 0, p.length);
  }

  /** Whether the glob looks at the relative path, which then has to be built for every file. */
  public boolean needsPath() {
    return onPath;
  }

  @Override
  public String toString() {
    return source;
  }
}
