package dev.safefs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for the CLI's inputs: objects become LinkedHashMaps (a duplicate key is an
 * error), arrays Lists, numbers Long or Double, plus String, Boolean and null. Written by hand so that the CLI
 * starts without a JSON library; errors name the line and column.
 */
final class JsonParser {
  private static final int MAX_DEPTH = 64;

  /** Bad JSON: the message says where and what. */
  static final class JsonException extends Exception {
    JsonException(String message) {
      super(message);
    }
  }

  private final String s;
  private int pos;
  private int depth;

  private JsonParser(String s) {
    this.s = s;
  }

  static Object parse(String text) throws JsonException {
    JsonParser p = new JsonParser(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.pos != p.s.length()) {
      throw p.error("unexpected data after the JSON value");
    }
    return v;
  }

  private JsonException error(String what) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < pos && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new JsonException("invalid JSON at line " + line + ", column " + col + ": " + what);
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private Object value() throws JsonException {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Object literal(String word, Object v) throws JsonException {
    if (!s.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return v;
  }

  private Map<String, Object> object() throws JsonException {
    enter();
    pos++;
    Map<String, Object> m = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      pos++;
      depth--;
      return m;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      int keyAt = pos;
      String k = string();
      ws();
      expect(':');
      ws();
      Object v = value();
      if (m.containsKey(k)) {
        pos = keyAt;
        throw error("duplicate key \"" + k + "\"");
      }
      m.put(k, v);
      ws();
      char c = peek();
      pos++;
      if (c == '}') {
        depth--;
        return m;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() throws JsonException {
    enter();
    pos++;
    List<Object> a = new ArrayList<>();
    ws();
    if (peek() == ']') {
      pos++;
      depth--;
      return a;
    }
    while (true) {
      ws();
      a.add(value());
      ws();
      char c = peek();
      pos++;
      if (c == ']') {
        depth--;
        return a;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void enter() throws JsonException {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
  }

  private char peek() throws JsonException {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(pos);
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private String string() throws JsonException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = peek();
      pos++;
      if (c == '"') {
        for (int i = 0; i < sb.length(); i++) {
          char x = sb.charAt(i);
          if (Character.isHighSurrogate(x) && i + 1 < sb.length() && Character.isLowSurrogate(sb.charAt(i + 1))) {
            i++;
          } else if (Character.isSurrogate(x)) {
            pos--;
            throw error("unpaired surrogate \\u" + Integer.toHexString(x) + " in a string (not valid Unicode)");
          }
        }
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in a string (escape it)");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = peek();
      pos++;
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("short \\u escape");
          }
          int cp = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
              throw error("bad \\u escape");
            }
            cp = cp * 16 + d;
          }
          pos += 4;
          sb.append((char) cp);
        }
        default -> {
          pos--;
          throw error("bad escape '\\" + e + "'");
        }
      }
    }
  }

  private Object number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (pos < s.length() && s.charAt(pos) == '0') {
      pos++;
    } else {
      digits();
    }
    boolean fraction = false;
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      digits();
      fraction = true;
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      digits();
      fraction = true;
    }
    String n = s.substring(start, pos);
    if (!fraction) {
      try {
        return Long.parseLong(n);
      } catch (NumberFormatException ignored) {
        // too large for a long
      }
    }
    return Double.parseDouble(n);
  }

  private void digits() throws JsonException {
    int start = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }
}
