package dev.safefs.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Byte searches in native memory with libc's {@code memchr} and {@code memmem}. A content search scans a gigabyte
 * in a command that lasts a fraction of a second: libc's memchr (vectorized, tens of GB/s) runs at full speed from
 * the first call, where a Java loop would first run interpreted, then as C1 code (3 GB/s), and reaches C2 code only
 * when the command is nearly over. Both functions share the system call handle's downcall stub ({@link
 * Syscall#link(String)}), so linking them costs next to nothing. One instance per thread (it holds the thread's
 * errno capture); {@link #create()} returns null where the Linux system calls are unavailable, and callers then
 * search on the heap.
 */
public final class NativeBytes {
  private final MemorySegment capture = Arena.ofAuto().allocate(Syscall.CAPTURE);

  private NativeBytes() {}

  /** A searcher for the calling thread, or null when libc cannot be called. */
  public static NativeBytes create() {
    return Handles.MEMMEM == null ? null : new NativeBytes();
  }

  /** Links both functions now (a warm-up); whether they are available. */
  public static boolean available() {
    return Handles.MEMMEM != null;
  }

  /** The index of the first {@code c} in {@code seg[from, to)}, or -1. */
  public long indexOf(MemorySegment seg, long from, long to, byte c) {
    Objects.checkFromToIndex(from, to, seg.byteSize());
    if (from == to) {
      return -1;
    }
    long base = seg.address();
    long p;
    try {
      p = (long) Handles.MEMCHR.invokeExact(capture, base + from, (long) (c & 0xff), to - from, 0L, 0L, 0L, 0L);
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      Reference.reachabilityFence(seg); // an automatic arena's memory stays until the call is over
    }
    return p == 0 ? -1 : p - base;
  }

  /** The index of the first occurrence of {@code needle} (native) in {@code seg[from, to)}, or -1. */
  public long indexOf(MemorySegment seg, long from, long to, MemorySegment needle) {
    Objects.checkFromToIndex(from, to, seg.byteSize());
    long base = seg.address();
    long p;
    try {
      p = (long) Handles.MEMMEM.invokeExact(capture, base + from, to - from, needle.address(), needle.byteSize(),
          0L, 0L, 0L);
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      Reference.reachabilityFence(seg);
      Reference.reachabilityFence(needle);
    }
    return p == 0 ? -1 : p - base;
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t); // invokeExact of these handles throws nothing checked
  }

  private static final class Handles {
    static final MethodHandle MEMCHR;
    static final MethodHandle MEMMEM;

    static {
      MethodHandle chr = null;
      MethodHandle mem = null;
      try {
        if (LinuxOs.instance() != null) { // Linux, native access granted, a known architecture
          chr = Syscall.link("memchr"); // void *memchr(const void *s, int c, size_t n)
          // void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen)
          mem = Syscall.link("memmem");
        }
      } catch (Throwable t) { // no such symbol in this libc
        chr = null;
        mem = null;
      }
      MEMCHR = chr;
      MEMMEM = chr == null ? null : mem;
    }

    private Handles() {}
  }
}
