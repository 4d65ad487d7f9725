package dev.safefs.find;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of one {@code .gitignore} or {@code .ignore} file, as git reads them: {@code #} comments, {@code !}
 * negation, a trailing {@code /} for directories only, a pattern with a slash at its start or middle anchored to the
 * file's directory, one without a slash matching a name at any depth, and {@code **}. The last matching rule wins.
 */
final class IgnoreRules {
  /** The verdict of a rule set on one path. */
  enum Verdict { NONE, IGNORE, KEEP }

  private record Rule(Glob glob, boolean negate, boolean dirOnly, boolean anchored) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  static IgnoreRules parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      line = trimTrailingSpaces(line);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negate = false;
      if (line.startsWith("!")) {
        negate = true;
        line = line.substring(1);
      } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
        line = line.substring(1);
      }
      boolean dirOnly = false;
      if (line.endsWith("/") && !line.endsWith("\\/")) {
        dirOnly = true;
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        continue;
      }
      boolean anchored = line.indexOf('/') >= 0;
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      if (line.startsWith("**/")) {
        // "**/foo" matches foo at any depth, the same as "foo" when foo has no other slash
        String rest = line.substring(3);
        if (rest.indexOf('/') < 0) {
          line = rest;
          anchored = false;
        }
      }
      if (line.isEmpty()) {
        continue;
      }
      try {
        rules.add(new Rule(Glob.compile(line), negate, dirOnly, anchored));
      } catch (RuntimeException e) {
        // a pattern git would not understand either: it matches nothing
      }
    }
    return new IgnoreRules(List.copyOf(rules));
  }

  private static String trimTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ' && !(end >= 2 && s.charAt(end - 2) == '\\')) {
      end--;
    }
    String t = s.substring(0, end);
    return t.endsWith("\\ ") ? t.substring(0, t.length() - 2) + " " : t;
  }

  /** {@code relative} is the path from this file's directory; {@code name} its last component. */
  Verdict match(String relative, String name, boolean isDir) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      if (r.dirOnly && !isDir) {
        continue;
      }
      if (r.anchored ? r.glob.matches(relative) : r.glob.matches(name)) {
        return r.negate ? Verdict.KEEP : Verdict.IGNORE;
      }
    }
    return Verdict.NONE;
  }
}
