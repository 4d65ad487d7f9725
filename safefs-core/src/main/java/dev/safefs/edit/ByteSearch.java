package dev.safefs.edit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Byte-array search eight bytes at a time (SWAR), for streaming over huge files (newlines: {@code Newlines}). */
final class ByteSearch {
  private ByteSearch() {}

  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** First index in [from, to) where {@code needle} starts and fits entirely before {@code limit}, or -1. */
  static int indexOf(byte[] a, int from, int to, int limit, byte[] needle) {
    byte first = needle[0];
    int n = needle.length;
    int i = from;
    while (true) {
      i = indexOf(a, i, to, first);
      if (i < 0) {
        return -1;
      }
      if (i + n <= limit && Arrays.equals(a, i, i + n, needle, 0, n)) {
        return i;
      }
      i++;
    }
  }

  /**
   * First index in [from, to) where {@code needle} starts (it must fit before {@code to + needle.length - 1}),
   * scanning for its byte at {@code key} (pick a rare one), or -1.
   */
  static int indexOf(byte[] a, int from, int to, byte[] needle, int key) {
    byte k = needle[key];
    int n = needle.length;
    int i = from + key;
    int end = to + key;
    while (true) {
      i = indexOf(a, i, end, k);
      if (i < 0) {
        return -1;
      }
      int start = i - key;
      if (Arrays.equals(a, start, start + n, needle, 0, n)) {
        return start;
      }
      i++;
    }
  }

  /** First index of {@code b} in [from, to), or -1. */
  static int indexOf(byte[] a, int from, int to, byte b) {
    long pattern = ONES * (b & 0xFF);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long v = (long) LONG.get(a, i) ^ pattern;
      long t = (v - ONES) & ~v & HIGHS;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
