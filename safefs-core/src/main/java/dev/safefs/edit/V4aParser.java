package dev.safefs.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * The V4A patch format agents emit ({@code *** Begin Patch} ... {@code *** End Patch}), with Add, Delete and Update
 * (optionally {@code *** Move to:}) sections and {@code @@} context hunks.
 */
final class V4aParser {
  private V4aParser() {}

  private static final String BEGIN = "*** Begin Patch";
  private static final String END = "*** End Patch";
  private static final String ADD = "*** Add File:";
  private static final String DELETE = "*** Delete File:";
  private static final String UPDATE = "*** Update File:";
  private static final String MOVE = "*** Move to:";
  private static final String EOF_MARK = "*** End of File";

  static boolean looksLike(List<String> lines) {
    for (String l : lines) {
      if (!l.isBlank()) {
        return l.strip().equals(BEGIN);
      }
    }
    return false;
  }

  static List<FilePatch> parse(List<String> lines) throws PatchFormatException {
    int i = 0;
    while (lines.get(i).isBlank()) {
      i++;
    }
    i++; // Begin Patch
    List<FilePatch> out = new ArrayList<>();
    while (true) {
      if (i >= lines.size()) {
        throw new PatchFormatException(i, "missing '" + END + "' (is the patch truncated?)");
      }
      String line = lines.get(i).strip();
      int at = i + 1;
      if (line.equals(END)) {
        break;
      }
      if (line.isEmpty()) {
        i++;
        continue;
      }
      if (line.startsWith(ADD)) {
        String path = pathOf(line, ADD, at);
        i++;
        List<Character> ops = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        while (i < lines.size() && !isMarker(lines.get(i))) {
          String l = lines.get(i);
          if (!l.startsWith("+")) {
            throw new PatchFormatException(i + 1, "in '" + ADD + " " + path + "': every line must start with '+'");
          }
          ops.add('+');
          texts.add(l.substring(1));
          i++;
        }
        Hunk h = new Hunk(1, at, 1, List.of(), ops, texts, false, false, false);
        out.add(new FilePatch(FilePatch.Action.ADD, path, null, null, List.of(h), at, null, null));
      } else if (line.startsWith(DELETE)) {
        out.add(new FilePatch(FilePatch.Action.DELETE, pathOf(line, DELETE, at), null, null, List.of(), at, null,
            null));
        i++;
      } else if (line.startsWith(UPDATE)) {
        String path = pathOf(line, UPDATE, at);
        i++;
        String moveTo = null;
        if (i < lines.size() && lines.get(i).strip().startsWith(MOVE)) {
          moveTo = pathOf(lines.get(i).strip(), MOVE, i + 1);
          i++;
        }
        List<Hunk> hunks = new ArrayList<>();
        i = hunks(lines, i, path, hunks);
        if (hunks.isEmpty() && moveTo == null) {
          throw new PatchFormatException(at, "'" + UPDATE + " " + path + "' has no hunk");
        }
        out.add(new FilePatch(FilePatch.Action.UPDATE, path, null, moveTo, hunks, at, null, null));
      } else {
        throw new PatchFormatException(at, "expected '*** Add File:', '*** Delete File:', '*** Update File:' or '"
            + END + "', found: " + abbreviate(line));
      }
    }
    if (out.isEmpty()) {
      throw new PatchFormatException(1, "the patch changes no file");
    }
    return out;
  }

  /** Reads the hunks of an Update section from line {@code i}; returns the index of the line after them. */
  private static int hunks(List<String> lines, int i, String path, List<Hunk> hunks) throws PatchFormatException {
    List<String> anchors = new ArrayList<>();
    List<Character> ops = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    int start = i + 1;
    while (i < lines.size() && !isFileMarker(lines.get(i))) {
      String l = lines.get(i);
      if (l.startsWith("@@")) {
        if (!ops.isEmpty()) {
          hunks.add(new Hunk(hunks.size() + 1, start, -1, anchors, ops, texts, false, false, false));
          anchors = new ArrayList<>();
          ops = new ArrayList<>();
          texts = new ArrayList<>();
        }
        if (anchors.isEmpty()) {
          start = i + 1;
        }
        String anchor = l.substring(2).strip();
        if (!anchor.isEmpty()) {
          anchors.add(anchor);
        }
      } else if (l.strip().equals(EOF_MARK)) {
        if (ops.isEmpty()) {
          throw new PatchFormatException(i + 1, "'" + EOF_MARK + "' without a hunk before it");
        }
        hunks.add(new Hunk(hunks.size() + 1, start, -1, anchors, ops, texts, false, false, true));
        anchors = new ArrayList<>();
        ops = new ArrayList<>();
        texts = new ArrayList<>();
        start = i + 2;
      } else if (l.isEmpty()) {
        if (ops.isEmpty() && anchors.isEmpty()) {
          start = i + 2;
        }
        ops.add(' ');
        texts.add("");
      } else {
        char c = l.charAt(0);
        if (c != ' ' && c != '-' && c != '+') {
          throw new PatchFormatException(i + 1, "in '" + UPDATE + " " + path
              + "': a hunk line must start with ' ', '-' or '+', found: " + abbreviate(l));
        }
        if (ops.isEmpty() && anchors.isEmpty()) {
          start = i + 1;
        }
        ops.add(c);
        texts.add(l.substring(1));
      }
      i++;
    }
    // trailing blank lines before the next marker belong to no hunk
    while (!ops.isEmpty() && ops.getLast() == ' ' && texts.getLast().isEmpty() && i < lines.size()) {
      ops.removeLast();
      texts.removeLast();
    }
    if (!ops.isEmpty()) {
      hunks.add(new Hunk(hunks.size() + 1, start, -1, anchors, ops, texts, false, false, false));
    } else if (!anchors.isEmpty()) {
      throw new PatchFormatException(start, "'@@ " + anchors.getLast() + "' is followed by no change");
    }
    for (Hunk h : hunks) {
      if (!h.ops().contains('-') && !h.ops().contains('+')) {
        throw new PatchFormatException(h.patchLine(), "hunk " + h.number() + " of " + path + " changes nothing");
      }
    }
    return i;
  }

  private static boolean isMarker(String l) {
    return l.strip().startsWith("*** ");
  }

  private static boolean isFileMarker(String l) {
    String s = l.strip();
    return s.equals(END) || s.startsWith(ADD) || s.startsWith(DELETE) || s.startsWith(UPDATE);
  }

  private static String pathOf(String line, String marker, int at) throws PatchFormatException {
    String p = line.substring(marker.length()).strip();
    if (p.isEmpty()) {
      throw new PatchFormatException(at, "'" + marker + "' without a path");
    }
    return p;
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
