package dev.safefs.edit;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.Arrays;
import java.util.List;

/** Which new lines keep an old line unchanged, and which old line each changed new line replaces or follows. */
record Alignment(int[] newToOld, int[] refOld) {

  static Alignment of(List<String> oldLines, List<String> newLines) {
    int n = newLines.size();
    int[] newToOld = new int[n];
    int[] ref = new int[n];
    Arrays.fill(newToOld, -1);
    int oldPos = 0;
    int newPos = 0;
    for (AbstractDelta<String> d : DiffUtils.diff(oldLines, newLines).getDeltas()) {
      while (newPos < d.getTarget().getPosition()) {
        newToOld[newPos] = oldPos;
        ref[newPos] = oldPos;
        newPos++;
        oldPos++;
      }
      int refLine = d.getSource().size() > 0 ? d.getSource().getPosition() : Math.max(0, oldPos - 1);
      for (int j = 0; j < d.getTarget().size(); j++) {
        ref[newPos] = d.getSource().size() > 0
            ? Math.min(d.getSource().getPosition() + j, d.getSource().last()) : refLine;
        newPos++;
      }
      oldPos = d.getSource().getPosition() + d.getSource().size();
    }
    while (newPos < n) {
      newToOld[newPos] = oldPos;
      ref[newPos] = oldPos;
      newPos++;
      oldPos++;
    }
    return new Alignment(newToOld, ref);
  }
}
