package dev.safefs.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A fixed string found in native memory with libc (see {@link NativeBytes}): memchr for its rarest byte and a
 * compare at each candidate (a content search's literal, an edit's old text). When candidates come more often than
 * one per 256 bytes (the "rare" byte is common in this data), one memmem call searches the rest of the region
 * instead of a call per candidate.
 */
public final class NativeLiteral {
  private static final int MISSES_BEFORE_MEMMEM = 16;
  private static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final NativeBytes libc;
  private final MemorySegment lit;
  private final MemorySegment needle;
  private final int rare;
  private final byte rareByte;
  /** The literal's first (up to) 8 bytes as a little-endian long, and which of its bytes count. */
  private final long head;
  private final long headMask;

  /**
   * For a non-empty, case-sensitive literal {@code b} (not to be changed afterwards), scanning first for its byte at
   * {@code rare} (pick one rare in the data); {@code libc} is the calling thread's.
   */
  public NativeLiteral(byte[] b, int rare, NativeBytes libc) {
    this.libc = libc;
    if (b.length == 0) {
      throw new IllegalArgumentException("a non-empty literal is needed");
    }
    java.util.Objects.checkIndex(rare, b.length);
    this.lit = MemorySegment.ofArray(b);
    this.needle = Arena.ofAuto().allocate(b.length).copyFrom(lit);
    this.rare = rare;
    this.rareByte = b[rare];
    long h = 0;
    int k = Math.min(b.length, 8);
    for (int i = k - 1; i >= 0; i--) {
      h = (h << 8) | (b[i] & 0xff);
    }
    this.head = h;
    this.headMask = k == 8 ? -1L : (1L << (8 * k)) - 1;
  }

  public int length() {
    return (int) lit.byteSize();
  }

  /**
   * Whether the literal is at {@code s}: most candidates fail on one 8-byte compare, far cheaper than a segment
   * mismatch before the JIT has compiled it.
   */
  private boolean matchesAt(MemorySegment seg, long s) {
    long n = lit.byteSize();
    if (s + 8 <= seg.byteSize()) {
      if (((seg.get(LONG_LE, s) ^ head) & headMask) != 0) {
        return false;
      }
      if (n <= 8) {
        return true;
      }
    }
    return MemorySegment.mismatch(seg, s, s + n, lit, 0, n) < 0;
  }

  /** The start of the first occurrence in {@code seg[from, to)}, or -1. */
  public long next(MemorySegment seg, long from, long to) {
    long n = lit.byteSize();
    long i = from + rare;
    long last = to - (n - rare); // the last index the rare byte may be at
    int misses = 0;
    while (i <= last) {
      if (misses >= MISSES_BEFORE_MEMMEM && i - from < (long) misses << 8) {
        return libc.indexOf(seg, i - rare, to, needle);
      }
      long p = libc.indexOf(seg, i, last + 1, rareByte);
      if (p < 0) {
        return -1;
      }
      long s = p - rare;
      if (matchesAt(seg, s)) {
        return s;
      }
      misses++;
      i = p + 1;
    }
    return -1;
  }
}
