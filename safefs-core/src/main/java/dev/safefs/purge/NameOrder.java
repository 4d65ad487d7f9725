package dev.safefs.purge;

import java.util.Comparator;

/**
 * File names in the order their paths sort as {@link java.nio.file.Path#compareTo} sorts them on Linux: by the
 * unsigned bytes of their UTF-8 encoding, which is code point order. A directory's name is compared as
 * {@code name + "/"}, the next byte of the paths beneath it, so that merging a directory's sorted files and
 * subdirectories yields its paths in order.
 */
final class NameOrder {
  static final Comparator<Purger.Candidate> FILES = (a, b) -> compare(a.name, false, b.name, false);
  static final Comparator<Purger.Node> DIRECTORIES = (a, b) -> compare(a.name, true, b.name, true);

  private NameOrder() {}

  static int compare(String a, boolean aDir, String b, boolean bDir) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return key(x) - key(y);
      }
    }
    return tail(a, aDir, n) - tail(b, bDir, n);
  }

  /** After the common part: a '/' for a directory whose name ended there, -1 for a file name that ended. */
  private static int tail(String s, boolean dir, int i) {
    if (i < s.length()) {
      return key(s.charAt(i));
    }
    return dir ? '/' : -1;
  }

  /**
   * UTF-16 order is code point order except that surrogates (U+D800..DFFF, the halves of code points above U+FFFF)
   * sort below U+E000..FFFF: moving them above puts every char in its code point's order.
   */
  private static int key(char c) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      return c + 0x2000;
    }
    if (c >= 0xE000) {
      return c - 0x800;
    }
    return c;
  }
}
