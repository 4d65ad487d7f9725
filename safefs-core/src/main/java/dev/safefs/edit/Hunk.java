package dev.safefs.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * One hunk of a patch: context ({@code ' '}), removed ({@code '-'}) and added ({@code '+'}) lines.
 *
 * @param number 1-based within its file
 * @param patchLine where the hunk starts in the patch text (1-based), for messages
 * @param newStart the new-side start line a unified diff states (1-based), or -1 when unknown (V4A)
 * @param anchors V4A {@code @@ text} lines that locate the hunk (searched in order before it)
 * @param ops the line operations
 * @param texts the line texts, parallel to {@code ops}
 * @param oldNoEol the old side ends without a newline at end of file
 * @param newNoEol the new side ends without a newline at end of file
 * @param atEnd the hunk must match at the end of the file (V4A {@code *** End of File})
 */
public record Hunk(int number, int patchLine, int newStart, List<String> anchors, List<Character> ops,
    List<String> texts, boolean oldNoEol, boolean newNoEol, boolean atEnd) {

  public Hunk {
    anchors = List.copyOf(anchors);
    ops = List.copyOf(ops);
    texts = List.copyOf(texts);
  }

  List<String> oldLines() {
    return side('+');
  }

  List<String> newLines() {
    return side('-');
  }

  private List<String> side(char skip) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) != skip) {
        out.add(texts.get(i));
      }
    }
    return out;
  }
}
