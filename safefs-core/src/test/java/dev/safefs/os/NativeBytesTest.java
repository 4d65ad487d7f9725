package dev.safefs.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libc's memchr and memmem on native memory agree with a plain loop, at every offset and at the bounds. */
class NativeBytesTest {

  private final NativeBytes libc = NativeBytes.create();

  @Test
  void isLinkedWhereTheLinuxSystemCallsAre() {
    assertThat(NativeBytes.available()).isEqualTo(Os.linux() != null);
    assertThat(libc != null).isEqualTo(Os.linux() != null);
  }

  @Test
  void memchrFindsTheFirstByteInsideTheRangeOnly() {
    org.junit.jupiter.api.Assumptions.assumeTrue(libc != null, "no Linux system calls here");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(200);
      seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 5, (byte) 0xe9);
      seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 150, (byte) 0xe9);
      assertThat(libc.indexOf(seg, 0, 200, (byte) 0xe9)).isEqualTo(5);
      assertThat(libc.indexOf(seg, 6, 200, (byte) 0xe9)).isEqualTo(150);
      assertThat(libc.indexOf(seg, 6, 150, (byte) 0xe9)).isEqualTo(-1);
      assertThat(libc.indexOf(seg, 150, 150, (byte) 0xe9)).isEqualTo(-1);
      assertThat(libc.indexOf(seg, 0, 200, (byte) 1)).isEqualTo(-1);
      assertThat(libc.indexOf(seg, 7, 200, (byte) 0)).isEqualTo(7);
      assertThatThrownBy(() -> libc.indexOf(seg, 0, 201, (byte) 0)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> libc.indexOf(seg, 5, 4, (byte) 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void memchrAndMemmemAgreeWithALoopOnRandomData() {
    org.junit.jupiter.api.Assumptions.assumeTrue(libc != null, "no Linux system calls here");
    Random rnd = new Random(42);
    try (Arena arena = Arena.ofConfined()) {
      for (int round = 0; round < 2000; round++) {
        byte[] data = new byte[rnd.nextInt(300)];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) ('a' + rnd.nextInt(3));
        }
        MemorySegment seg = arena.allocate(Math.max(1, data.length));
        MemorySegment.copy(data, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
        int from = data.length == 0 ? 0 : rnd.nextInt(data.length + 1);
        int to = from + rnd.nextInt(data.length - from + 1);
        byte c = (byte) ('a' + rnd.nextInt(4));
        assertThat(libc.indexOf(seg, from, to, c)).isEqualTo(loop(data, from, to, new byte[] {c}));
        byte[] needle = new byte[1 + rnd.nextInt(4)];
        for (int i = 0; i < needle.length; i++) {
          needle[i] = (byte) ('a' + rnd.nextInt(3));
        }
        MemorySegment n = arena.allocate(needle.length);
        MemorySegment.copy(needle, 0, n, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, needle.length);
        assertThat(libc.indexOf(seg, from, to, n)).isEqualTo(loop(data, from, to, needle));
      }
    }
  }

  @Test
  void memmemDoesNotMatchPastTheEnd() {
    org.junit.jupiter.api.Assumptions.assumeTrue(libc != null, "no Linux system calls here");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocateFrom("xxneedle", StandardCharsets.UTF_8); // NUL-terminated
      MemorySegment needle = arena.allocateFrom("needle", StandardCharsets.UTF_8).asSlice(0, 6);
      assertThat(libc.indexOf(seg, 0, 8, needle)).isEqualTo(2);
      assertThat(libc.indexOf(seg, 0, 7, needle)).isEqualTo(-1);
      assertThat(libc.indexOf(seg, 3, 8, needle)).isEqualTo(-1);
    }
  }

  private static long loop(byte[] d, int from, int to, byte[] needle) {
    for (int i = from; i + needle.length <= to; i++) {
      if (java.util.Arrays.equals(d, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
