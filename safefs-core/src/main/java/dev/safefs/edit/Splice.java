package dev.safefs.edit;

import java.util.List;

/**
 * Builds the text that replaces a matched block of whole file lines. Lines the caller kept unchanged are copied
 * from the file as they are (its own characters, indentation and line endings); changed lines are the caller's,
 * re-indented to the file and ended with the file's line ending (or the one the patch gives, {@code newEols}).
 *
 * <p>{@code newToOld[j]} is the block line that new line j keeps unchanged, or -1 when it is changed or added;
 * {@code refOld[j]} is then the block line it replaces or follows (its indentation reference).
 */
final class Splice {
  private Splice() {}

  static String build(Lines file, int first, int count, List<String> oldBlock, List<String> newBlock,
      int[] newToOld, int[] refOld, boolean includeLastEol, Indentation indent, List<String> newEols) {
    String fileEol = defaultEol(file, first, count);
    StringBuilder sb = new StringBuilder();
    int n = newBlock.size();
    for (int j = 0; j < n; j++) {
      String text;
      String lineEol;
      int k = newToOld[j];
      if (k >= 0) {
        text = file.content(first + k);
        lineEol = file.eol(first + k);
      } else {
        int ref = Math.min(Math.max(refOld[j], 0), Math.max(count - 1, 0));
        String newLine = newBlock.get(j);
        if (count > 0 && ref < oldBlock.size()) {
          text = indent.reindent(newLine, oldBlock.get(ref), file.content(first + ref));
        } else {
          text = newLine;
        }
        lineEol = newEols != null && newEols.get(j) != null ? newEols.get(j) : fileEol;
      }
      boolean lastOut = j == n - 1;
      if (lastOut) {
        if (includeLastEol) {
          String regionEnd = count > 0 ? file.eol(first + count - 1) : lineEol;
          sb.append(text).append(regionEnd.isEmpty() ? "" : lineEol.isEmpty() ? regionEnd : lineEol);
        } else {
          sb.append(text);
        }
      } else {
        sb.append(text).append(lineEol.isEmpty() ? fileEol : lineEol);
      }
    }
    return sb.toString();
  }

  /** The line ending of the block (its first terminated line), else the file's dominant one. */
  static String defaultEol(Lines file, int first, int count) {
    for (int i = first; i < first + count && i < file.count(); i++) {
      String e = file.eol(i);
      if (!e.isEmpty()) {
        return e;
      }
    }
    return file.dominantEol();
  }
}
