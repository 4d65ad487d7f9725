package dev.safefs.edit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unified diffs as {@code git diff} (new, deleted, renamed files, quoted names, {@code a/} {@code b/} prefixes) and
 * {@code diff -u} (timestamps after a tab) write them. Written by hand: the hunks are applied by context with the
 * edit strategies, and git's extended headers (rename from/to, new/deleted file mode) must be understood.
 */
final class UnifiedParser {
  private UnifiedParser() {}

  private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*$");
  private static final String DEV_NULL = "/dev/null";
  private static final Pattern INDEX = Pattern.compile("^index ([0-9a-fA-F]{7,64})\\.\\.[0-9a-fA-F]{7,64}( \\d+)?$");

  /** A file section being read. */
  private static final class Section {
    int line;
    boolean git;
    String gitA;
    String gitB;
    String oldName;
    String newName;
    String renameFrom;
    String renameTo;
    boolean created;
    boolean deleted;
    Integer mode;
    String oldBlob;
    final List<Hunk> hunks = new ArrayList<>();
  }

  static List<FilePatch> parse(List<String> lines) throws PatchFormatException {
    List<FilePatch> out = new ArrayList<>();
    Section cur = null;
    int i = 0;
    while (i < lines.size()) {
      String l = lines.get(i);
      if (l.startsWith("diff --git ")) {
        finish(cur, out);
        cur = new Section();
        cur.line = i + 1;
        cur.git = true;
        String[] ab = gitNames(l.substring("diff --git ".length()));
        if (ab != null) {
          cur.gitA = ab[0];
          cur.gitB = ab[1];
        }
        i++;
        continue;
      }
      if (l.startsWith("--- ") && i + 1 < lines.size() && lines.get(i + 1).startsWith("+++ ")) {
        if (cur == null || cur.oldName != null || !cur.hunks.isEmpty()) {
          finish(cur, out);
          cur = new Section();
          cur.line = i + 1;
        }
        cur.oldName = name(l.substring(4), i + 1);
        cur.newName = name(lines.get(i + 1).substring(4), i + 2);
        i += 2;
        continue;
      }
      if (l.startsWith("@@ ")) {
        if (cur == null || cur.oldName == null) {
          throw new PatchFormatException(i + 1, "hunk without '--- ' and '+++ ' file names before it");
        }
        i = hunk(lines, i, cur);
        continue;
      }
      if (cur != null && cur.git && cur.oldName == null) {
        header(l, cur, i + 1);
      }
      i++; // anything else between files (index lines, "Only in", commit text) is not part of a change
    }
    finish(cur, out);
    if (out.isEmpty()) {
      throw new PatchFormatException(1, "no file change found: expected a unified diff ('--- a/file', '+++ b/file',"
          + " '@@ ... @@') or a V4A patch ('*** Begin Patch')");
    }
    return out;
  }

  private static void header(String l, Section s, int at) throws PatchFormatException {
    if (l.startsWith("new file mode ")) {
      s.created = true;
      s.mode = mode(l.substring("new file mode ".length()));
    } else if (l.startsWith("deleted file mode ")) {
      s.deleted = true;
    } else if (l.startsWith("rename from ")) {
      s.renameFrom = unquote(l.substring("rename from ".length()), at);
    } else if (l.startsWith("rename to ")) {
      s.renameTo = unquote(l.substring("rename to ".length()), at);
    } else if (l.startsWith("index ")) {
      Matcher m = INDEX.matcher(l);
      if (m.matches()) {
        s.oldBlob = m.group(1).toLowerCase(java.util.Locale.ROOT);
      }
    } else if (l.startsWith("copy from ") || l.startsWith("copy to ")) {
      throw new PatchFormatException(at, "copies (git diff -C) are not supported");
    } else if (l.startsWith("Binary files ") || l.startsWith("GIT binary patch")) {
      throw new PatchFormatException(at, "binary patches are not supported");
    }
  }

  private static Integer mode(String octal) {
    try {
      return Integer.parseInt(octal.strip(), 8) & 07777;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads one hunk starting at its {@code @@} line; returns the index after it. */
  private static int hunk(List<String> lines, int i, Section s) throws PatchFormatException {
    Matcher m = HUNK.matcher(lines.get(i));
    if (!m.matches()) {
      throw new PatchFormatException(i + 1, "malformed hunk header: " + V4aParser.abbreviate(lines.get(i)));
    }
    int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int newStart = Integer.parseInt(m.group(3));
    int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    int at = i + 1;
    i++;
    List<Character> ops = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    int o = 0;
    int n = 0;
    boolean oldNoEol = false;
    boolean newNoEol = false;
    while (o < oldCount || n < newCount) {
      if (i >= lines.size()) {
        throw new PatchFormatException(at, "hunk ends early: expected " + oldCount + " old and " + newCount
            + " new lines (is the patch truncated?)");
      }
      String l = lines.get(i);
      char c = l.isEmpty() ? ' ' : l.charAt(0);
      String text = l.isEmpty() ? "" : l.substring(1);
      switch (c) {
        case ' ' -> {
          o++;
          n++;
        }
        case '-' -> o++;
        case '+' -> n++;
        case '\\' -> {
          markNoEol(ops, i + 1, at);
          if (ops.getLast() != '+') {
            oldNoEol = true;
          }
          if (ops.getLast() != '-') {
            newNoEol = true;
          }
          i++;
          continue;
        }
        default -> throw new PatchFormatException(i + 1, "a hunk line must start with ' ', '-', '+' or '\\',"
            + " found: " + V4aParser.abbreviate(l));
      }
      if (o > oldCount || n > newCount) {
        throw new PatchFormatException(i + 1, "hunk has more lines than its header @@ -" + oldCount + " +"
            + newCount + " @@ says");
      }
      ops.add(c);
      texts.add(text);
      i++;
    }
    if (i < lines.size() && lines.get(i).startsWith("\\")) {
      markNoEol(ops, i + 1, at);
      if (ops.getLast() != '+') {
        oldNoEol = true;
      }
      if (ops.getLast() != '-') {
        newNoEol = true;
      }
      i++;
    }
    if (i < lines.size() && looksLikeHunkLine(lines, i)) {
      throw new PatchFormatException(i + 1, "hunk has more lines than its header @@ -" + oldCount + " +" + newCount
          + " @@ says");
    }
    s.hunks.add(new Hunk(s.hunks.size() + 1, at, newStart, List.of(), ops, texts, oldNoEol, newNoEol, false));
    return i;
  }

  /** A line right after a complete hunk that would still be part of it: the header's counts are wrong. */
  private static boolean looksLikeHunkLine(List<String> lines, int i) {
    String l = lines.get(i);
    if (l.equals("-- ") || l.startsWith("--- ") && i + 1 < lines.size() && lines.get(i + 1).startsWith("+++ ")) {
      return false; // a mail signature (git format-patch) or the next file
    }
    return l.startsWith("+") || l.startsWith("-");
  }

  private static void markNoEol(List<Character> ops, int line, int at) throws PatchFormatException {
    if (ops.isEmpty()) {
      throw new PatchFormatException(line, "'\\ No newline at end of file' before any line of the hunk at line "
          + at);
    }
  }

  private static void finish(Section s, List<FilePatch> out) throws PatchFormatException {
    if (s == null) {
      return;
    }
    String oldPath = s.oldName;
    String newPath = s.newName;
    boolean strip = s.git || (oldPath != null && newPath != null
        && (oldPath.startsWith("a/") || oldPath.equals(DEV_NULL)) && (newPath.startsWith("b/")
        || newPath.equals(DEV_NULL)));
    if (strip) {
      oldPath = stripPrefix(oldPath);
      newPath = stripPrefix(newPath);
    }
    if (s.git) {
      if (s.renameFrom != null) {
        oldPath = s.renameFrom;
      }
      if (s.renameTo != null) {
        newPath = s.renameTo;
      }
      if (oldPath == null && !s.created) {
        oldPath = s.gitA;
      }
      if (newPath == null && !s.deleted) {
        newPath = s.gitB;
      }
      if (s.created) {
        oldPath = null;
        if (newPath == null) {
          newPath = s.gitB;
        }
      }
      if (s.deleted) {
        newPath = null;
        if (oldPath == null) {
          oldPath = s.gitA;
        }
      }
    }
    if (DEV_NULL.equals(oldPath)) {
      oldPath = null;
    }
    if (DEV_NULL.equals(newPath)) {
      newPath = null;
    }
    if (oldPath == null && newPath == null) {
      if (s.git && s.hunks.isEmpty()) {
        return; // a mode-only change or a header we cannot name: nothing to do to the content
      }
      throw new PatchFormatException(s.line, "cannot tell which file this section changes");
    }
    if (oldPath == null) {
      out.add(new FilePatch(FilePatch.Action.ADD, newPath, null, null, addHunks(s), s.line, s.mode, null));
    } else if (newPath == null) {
      out.add(new FilePatch(FilePatch.Action.DELETE, oldPath, null, null, s.hunks, s.line, null, s.oldBlob));
    } else if (s.git) {
      if (s.hunks.isEmpty() && oldPath.equals(newPath)) {
        return; // mode change only
      }
      String moveTo = oldPath.equals(newPath) ? null : newPath;
      out.add(new FilePatch(FilePatch.Action.UPDATE, oldPath, null, moveTo, s.hunks, s.line, null, s.oldBlob));
    } else if (s.hunks.size() == 1 && s.hunks.getFirst().newStart() == 0
        && s.hunks.getFirst().newLines().isEmpty()) {
      // diff -N: a file compared with an empty one ("+0,0") is a deletion
      out.add(new FilePatch(FilePatch.Action.DELETE, oldPath, null, null, s.hunks, s.line, null, s.oldBlob));
    } else {
      String alt = oldPath.equals(newPath) ? null : newPath;
      out.add(new FilePatch(FilePatch.Action.UPDATE, oldPath, alt, null, s.hunks, s.line, null, s.oldBlob));
    }
  }

  /** A new file's content as one hunk of added lines (an empty new file has none). */
  private static List<Hunk> addHunks(Section s) throws PatchFormatException {
    if (s.hunks.size() > 1) {
      throw new PatchFormatException(s.line, "a new file must have one hunk");
    }
    if (s.hunks.isEmpty()) {
      return List.of(new Hunk(1, s.line, 1, List.of(), List.of(), List.of(), false, false, false));
    }
    Hunk h = s.hunks.getFirst();
    if (h.ops().contains(' ') || h.ops().contains('-')) {
      throw new PatchFormatException(h.patchLine(), "a new file's hunk may only add lines");
    }
    return List.of(h);
  }

  private static String stripPrefix(String p) {
    if (p == null || p.equals(DEV_NULL)) {
      return p;
    }
    int slash = p.indexOf('/');
    return slash < 0 ? p : p.substring(slash + 1);
  }

  /** The name on a {@code ---}/{@code +++} line: unquoted, without a {@code diff -u} timestamp after a tab. */
  private static String name(String s, int at) throws PatchFormatException {
    if (s.startsWith("\"")) {
      return unquote(s, at);
    }
    int tab = s.indexOf('\t');
    String n = tab >= 0 ? s.substring(0, tab) : s;
    return n.stripTrailing();
  }

  /** {@code a/x b/x} of a {@code diff --git} line (names with spaces are only safe when both are equal). */
  private static String[] gitNames(String rest) throws PatchFormatException {
    if (rest.startsWith("\"")) {
      int end = closingQuote(rest);
      String a = unquote(rest.substring(0, end + 1), 0);
      String b = rest.substring(end + 1).strip();
      return new String[] {stripPrefix(a), stripPrefix(b.startsWith("\"") ? unquote(b, 0) : b)};
    }
    if ((rest.length() & 1) == 1) {
      int half = (rest.length() - 1) / 2;
      String a = rest.substring(0, half);
      String b = rest.substring(half + 1);
      if (rest.charAt(half) == ' ' && stripPrefix(a).equals(stripPrefix(b))) {
        return new String[] {stripPrefix(a), stripPrefix(b)};
      }
    }
    int sp = rest.indexOf(" b/");
    if (sp > 0) {
      return new String[] {stripPrefix(rest.substring(0, sp)), rest.substring(sp + 3)};
    }
    return null;
  }

  private static int closingQuote(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return i;
      }
    }
    return s.length() - 1;
  }

  /** Git's C-style quoted names: {@code "a/caf\303\251 \"x\""}; anything else is returned as it is. */
  static String unquote(String s, int at) throws PatchFormatException {
    s = s.strip();
    if (!s.startsWith("\"")) {
      return s;
    }
    if (s.length() < 2 || !s.endsWith("\"")) {
      throw new PatchFormatException(at, "unterminated quoted file name: " + s);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        b.write(u, 0, u.length);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> b.write('\n');
        case 't' -> b.write('\t');
        case 'r' -> b.write('\r');
        case 'a' -> b.write(7);
        case 'b' -> b.write('\b');
        case 'f' -> b.write('\f');
        case 'v' -> b.write(11);
        case '"', '\\' -> b.write(e);
        default -> {
          if (e >= '0' && e <= '7' && i + 2 < s.length()) {
            b.write(Integer.parseInt(s.substring(i, i + 3), 8));
            i += 2;
          } else {
            throw new PatchFormatException(at, "bad escape in quoted file name: " + s);
          }
        }
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
