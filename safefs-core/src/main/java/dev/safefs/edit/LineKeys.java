package dev.safefs.edit;

/**
 * What two lines must share to be "the same line" under each line strategy. Each key is a normal form: two lines
 * match when their keys are equal, so a strategy can never match lines that differ in more than it tolerates.
 */
final class LineKeys {
  private LineKeys() {}

  static String key(Strategy s, String line) {
    return switch (s) {
      case EXACT -> line;
      case LINE_TRIMMED -> line.stripTrailing();
      case WHITESPACE_COLLAPSED -> leading(line) + collapse(line.substring(leading(line).length()));
      case INDENTATION_FLEXIBLE -> collapse(line);
      case UNICODE_NORMALIZED, ESCAPE_NORMALIZED -> collapse(fold(line));
    };
  }

  /** The leading whitespace (spaces and tabs). */
  static String leading(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return line.substring(0, i);
  }

  /** Trimmed, every run of whitespace written as one space. */
  static String collapse(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\f' || c == 0x0B || c == '\r') {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Typographic characters read as the ASCII an agent would type; zero-width characters dropped. */
  static String fold(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = foldChar(c);
      if (r != null && sb == null) {
        sb = new StringBuilder(s.length());
        sb.append(s, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static String foldChar(char c) {
    return switch (c) {
      case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC' -> "'";
      case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB' -> "\"";
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D' -> "-";
      case '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007',
          '\u2008', '\u2009', '\u200A', '\u202F', '\u205F', '\u3000' -> " ";
      case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF' -> "";
      case '\u2026' -> "...";
      default -> null;
    };
  }

  /** Undoes one level of literal escaping ({@code \n}, {@code \t}, {@code \r}, {@code \"}, {@code \'}, {@code \\}). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        String r = switch (n) {
          case 'n' -> "\n";
          case 't' -> "\t";
          case 'r' -> "\r";
          case '"' -> "\"";
          case '\'' -> "'";
          case '\\' -> "\\";
          default -> null;
        };
        if (r != null) {
          sb.append(r);
          i++;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
