package dev.safefs.edit;

import java.util.ArrayList;
import java.util.List;

/** Reads a patch in either format: V4A when it begins with {@code *** Begin Patch}, else a unified diff. */
final class PatchParser {
  private PatchParser() {}

  /**
   * A parsed patch.
   *
   * @param crAware the patch carries carriage returns in its lines (a git diff of CRLF files): added lines keep
   *     the line ending the patch gives them; otherwise added lines take the file's own line ending
   */
  record Parsed(List<FilePatch> files, boolean crAware, String format) {}

  static Parsed parse(String patch) throws PatchFormatException {
    if (patch.isBlank()) {
      throw new PatchFormatException(1, "the patch is empty");
    }
    List<String> lines = split(patch);
    boolean allCr = true;
    boolean anyCr = false;
    for (String l : lines) {
      if (l.endsWith("\r")) {
        anyCr = true;
      } else if (!l.isEmpty()) {
        allCr = false;
      }
    }
    if (allCr && anyCr) { // the whole patch went through a CRLF conversion: its line endings are not content
      List<String> stripped = new ArrayList<>(lines.size());
      for (String l : lines) {
        stripped.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
      }
      lines = stripped;
      anyCr = false;
    }
    if (V4aParser.looksLike(lines)) {
      return new Parsed(V4aParser.parse(lines), anyCr, "v4a");
    }
    return new Parsed(UnifiedParser.parse(lines), anyCr, "unified");
  }

  /** Lines split at LF only (a CR stays in its line: in a git diff it is content). */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int pos = 0;
    while (pos < s.length()) {
      int nl = s.indexOf('\n', pos);
      if (nl < 0) {
        out.add(s.substring(pos));
        break;
      }
      out.add(s.substring(pos, nl));
      pos = nl + 1;
    }
    return out;
  }
}
