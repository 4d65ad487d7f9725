package dev.safefs.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Byte searches in native memory with libc's {@code memchr} and {@code memmem}. A content search scans a gigabyte
 * in a command that lasts a fraction of a second: libc's memchr (vectorized, tens of GB/s) runs at full speed from
 * the first call, where a Java loop would first run interpreted, then as C1 code (3 GB/s), and reaches C2 code only
 * when the command is nearly over. Critical downcalls (no thread-state transition: neither function blocks or
 * calls back), pointers passed as integers like {@link Syscall}'s. Linked on first use; {@link #available()} is
 * false where libc or native access is missing, and callers then search on the heap.
 */
public final class NativeBytes {
  private NativeBytes() {}

  /** Whether both functions are linked. */
  public static boolean available() {
    return Handles.MEMCHR != null;
  }

  /** The index of the first {@code c} in {@code seg[from, to)}, or -1. */
  public static long indexOf(MemorySegment seg, long from, long to, byte c) {
    Objects.checkFromToIndex(from, to, seg.byteSize());
    if (from == to) {
      return -1;
    }
    long base = seg.address();
    long p;
    try {
      p = (long) Handles.MEMCHR.invokeExact(base + from, c & 0xff, to - from);
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      Reference.reachabilityFence(seg); // an automatic arena's memory stays until the call is over
    }
    return p == 0 ? -1 : p - base;
  }

  /** The index of the first occurrence of {@code needle} (native) in {@code seg[from, to)}, or -1. */
  public static long indexOf(MemorySegment seg, long from, long to, MemorySegment needle) {
    Objects.checkFromToIndex(from, to, seg.byteSize());
    long base = seg.address();
    long p;
    try {
      p = (long) Handles.MEMMEM.invokeExact(base + from, to - from, needle.address(), needle.byteSize());
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
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(false);
        // void *memchr(const void *s, int c, size_t n)
        chr = linker.downcallHandle(linker.defaultLookup().find("memchr").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG), critical);
        // void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen)
        mem = linker.downcallHandle(linker.defaultLookup().find("memmem").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), critical);
      } catch (Throwable t) { // IllegalCallerException when native access is denied, no libc, no such symbol
        chr = null;
        mem = null;
      }
      MEMCHR = mem == null ? null : chr;
      MEMMEM = mem;
    }

    private Handles() {}
  }
}
