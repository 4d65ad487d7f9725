package dev.safefs.find;

/** Which byte of a literal is likely rarest in text, so that the scan for it stops least often. */
final class RareBytes {
  private static final int[] RANK = new int[256];

  static {
    // most frequent first, from English prose and source code; bytes not listed are taken as rare
    String common = " etaoinsrhldcumfpgwyb,.\n\tvk-_/=:;()\"'0123456789TASCIMEBRNPOLDHFGWUVYK{}<>*#[]+$&%!@jxqzJXQZ";
    for (int i = 0; i < common.length(); i++) {
      RANK[common.charAt(i)] = common.length() - i;
    }
  }

  private RareBytes() {}

  static int rarest(byte[] lit) {
    int best = 0;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < lit.length; i++) {
      int r = RANK[lit[i] & 0xff];
      if (r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    return best;
  }
}
