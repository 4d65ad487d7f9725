package dev.safefs.read;

/**
 * Tells text from binary by looking at bytes, never at a file name: a byte-order mark says UTF-16 or UTF-8; otherwise
 * a NUL byte or a byte sequence that is not UTF-8 means binary. A multi-byte character cut by the end of the sample
 * is not held against the file, since the sample, not the file, cut it.
 */
public final class BinaryDetector {
  /** How many bytes of a file are looked at. */
  public static final int SAMPLE_SIZE = 8192;

  private BinaryDetector() {}

  /**
   * Classifies {@code sample[0, length)}; {@code wholeFile} says the sample holds the whole file, so a character cut
   * at its end really is truncated.
   */
  public static ContentType detect(byte[] sample, int length, boolean wholeFile) {
    if (length >= 2) {
      int b0 = sample[0] & 0xff;
      int b1 = sample[1] & 0xff;
      if (b0 == 0xff && b1 == 0xfe && !(length >= 4 && sample[2] == 0 && sample[3] == 0)) {
        return ContentType.text(TextEncoding.UTF_16LE);
      }
      if (b0 == 0xfe && b1 == 0xff) {
        return ContentType.text(TextEncoding.UTF_16BE);
      }
    }
    boolean bom = length >= 3 && (sample[0] & 0xff) == 0xef && (sample[1] & 0xff) == 0xbb
        && (sample[2] & 0xff) == 0xbf;
    if (hasNul(sample, length) || !isUtf8(sample, bom ? 3 : 0, length, wholeFile)) {
      // The bytes decide; the magic number only names what they are.
      String magic = MagicNumbers.kind(sample, length);
      return ContentType.binary(magic != null ? magic : "binary data");
    }
    return ContentType.text(bom ? TextEncoding.UTF_8_BOM : TextEncoding.UTF_8);
  }

  static boolean hasNul(byte[] b, int length) {
    for (int i = 0; i < length; i++) {
      if (b[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF); a cut last character passes unless final. */
  static boolean isUtf8(byte[] b, int from, int to, boolean atEnd) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int min2;
      int max2 = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min2 = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min2 = c == 0xe0 ? 0xa0 : 0x80;
        max2 = c == 0xed ? 0x9f : 0xbf;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min2 = c == 0xf0 ? 0x90 : 0x80;
        max2 = c == 0xf4 ? 0x8f : 0xbf;
      } else {
        return false;
      }
      for (int k = 1; k <= need; k++) {
        if (i + k >= to) {
          return !atEnd; // cut by the end of the sample: not evidence of binary
        }
        int cc = b[i + k] & 0xff;
        if (k == 1 ? (cc < min2 || cc > max2) : (cc < 0x80 || cc > 0xbf)) {
          return false;
        }
      }
      i += need + 1;
    }
    return true;
  }
}
