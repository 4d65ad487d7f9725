package dev.safefs.edit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Finds a block of caller lines among a file's lines under one line strategy; file keys are computed once. */
final class LineMatcher {
  private final Lines lines;
  private final Map<Strategy, String[]> keys = new EnumMap<>(Strategy.class);

  LineMatcher(Lines lines) {
    this.lines = lines;
  }

  Lines lines() {
    return lines;
  }

  /** 0-based first lines of every place where {@code block} matches within lines [from, to), ends within too. */
  List<Integer> find(Strategy s, List<String> block, int from, int to) {
    List<Integer> out = new ArrayList<>();
    int m = block.size();
    if (m == 0) {
      return out;
    }
    String[] fileKeys = keys(s);
    String[] want = new String[m];
    for (int k = 0; k < m; k++) {
      want[k] = LineKeys.key(s, block.get(k));
    }
    int last = Math.min(to, lines.count()) - m;
    for (int i = Math.max(0, from); i <= last; i++) {
      if (!fileKeys[i].equals(want[0])) {
        continue;
      }
      int k = 1;
      while (k < m && fileKeys[i + k].equals(want[k])) {
        k++;
      }
      if (k == m) {
        out.add(i);
      }
    }
    return out;
  }

  private String[] keys(Strategy s) {
    return keys.computeIfAbsent(s, st -> {
      String[] a = new String[lines.count()];
      for (int i = 0; i < a.length; i++) {
        a[i] = LineKeys.key(st, lines.content(i));
      }
      return a;
    });
  }

  /** Whether a block has a line with something other than whitespace (a blank block would match anywhere). */
  static boolean hasContent(List<String> block) {
    for (String l : block) {
      if (!LineKeys.collapse(LineKeys.fold(l)).isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
