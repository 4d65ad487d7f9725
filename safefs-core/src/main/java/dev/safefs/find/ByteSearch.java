package dev.safefs.find;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finding one byte (or either of two) 32 bytes per step with SWAR zero-byte tests on longs. */
final class ByteSearch {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private ByteSearch() {}

  /** May have false positives (a block is then checked byte by byte), never false negatives. */
  private static long zeroish(long x) {
    return (x - ONES) & ~x;
  }

  static int indexOf(byte[] b, int from, int to, byte c) {
    long pat = (c & 0xffL) * ONES;
    int i = from;
    for (int end = to - 31; i < end; i += 32) {
      long t = zeroish((long) LONGS.get(b, i) ^ pat) | zeroish((long) LONGS.get(b, i + 8) ^ pat)
          | zeroish((long) LONGS.get(b, i + 16) ^ pat) | zeroish((long) LONGS.get(b, i + 24) ^ pat);
      if ((t & HIGHS) != 0) {
        for (int k = i, e = i + 32; k < e; k++) {
          if (b[k] == c) {
            return k;
          }
        }
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  static int indexOfEither(byte[] b, int from, int to, byte c1, byte c2) {
    long p1 = (c1 & 0xffL) * ONES;
    long p2 = (c2 & 0xffL) * ONES;
    int i = from;
    for (int end = to - 15; i < end; i += 16) {
      long w0 = (long) LONGS.get(b, i);
      long w1 = (long) LONGS.get(b, i + 8);
      long t = zeroish(w0 ^ p1) | zeroish(w1 ^ p1) | zeroish(w0 ^ p2) | zeroish(w1 ^ p2);
      if ((t & HIGHS) != 0) {
        for (int k = i, e = i + 16; k < e; k++) {
          if (b[k] == c1 || b[k] == c2) {
            return k;
          }
        }
      }
    }
    for (; i < to; i++) {
      if (b[i] == c1 || b[i] == c2) {
        return i;
      }
    }
    return -1;
  }
}
