package dev.safefs.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Every Linux system call safefs makes goes through ONE downcall handle: libc's {@code syscall(2)}, with all
 * arguments passed as 64-bit integers (pointers as native addresses). A downcall handle costs milliseconds to link
 * at startup, and each further distinct signature costs more, so one handle for all calls keeps a short command
 * short. The call numbers differ per architecture; x86_64 and the generic table (aarch64) are known, any other
 * architecture makes the Linux layer unavailable and safefs falls back to the portable one.
 */
final class Syscall {

  /** System call numbers of one architecture. */
  record Numbers(
      long read, long write, long openat, long close, long pread64, long fsync, long fchmod, long fchown,
      long ftruncate, long flock, long renameat2, long linkat, long unlinkat, long mkdirat, long readlinkat,
      long statx, long getdents64, long openat2, long lseek, long copyFileRange, long syncFileRange, long fdatasync) {}

  // arch/x86/entry/syscalls/syscall_64.tbl
  static final Numbers X86_64 = new Numbers(
      0, 1, 257, 3, 17, 74, 91, 93,
      77, 73, 316, 265, 263, 258, 267,
      332, 217, 437, 8, 326, 277, 75);

  // include/uapi/asm-generic/unistd.h, used by aarch64
  static final Numbers GENERIC = new Numbers(
      63, 64, 56, 57, 67, 82, 52, 55,
      46, 32, 276, 37, 35, 34, 78,
      291, 61, 437, 62, 285, 84, 83);

  static final Numbers NR = numbersFor(System.getProperty("os.arch", ""));

  /** The layout {@link Linker.Option#captureCallState} writes errno into. */
  static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  // An offset, not a VarHandle: building a VarHandle for a layout path costs a few milliseconds at startup.
  private static final long ERRNO_OFFSET = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

  /** {@code long syscall(long number, ...)}, six arguments after the number, errno captured (see {@link #link}). */
  private static final MethodHandle SYSCALL = link("syscall");

  private Syscall() {}

  static Numbers numbersFor(String arch) {
    return switch (arch) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> GENERIC;
      default -> throw new UnsupportedOperationException("no system call table for architecture " + arch);
    };
  }

  /**
   * A libc function linked with the shape of the system call handle (seven 64-bit integers in, one out, errno
   * captured), so that it reuses that handle's downcall stub: linking it costs well under a millisecond, where a
   * new shape costs several (and more classes for the JIT). Only for functions whose arguments are all integers or
   * pointers, at most seven: they arrive in the registers the function reads them from, and it never reads the
   * extra ones (see the comment below for syscall itself, which is variadic).
   */
  static MethodHandle link(String function) {
    return link(Linker.nativeLinker().defaultLookup(), "libc", function);
  }

  /** As {@link #link(String)}, for a function of another library ({@code lib}, named {@code libName} in errors). */
  static MethodHandle link(SymbolLookup lib, String libName, String function) {
    Linker linker = Linker.nativeLinker();
    MemorySegment sym = lib.find(function)
        .orElseThrow(() -> new UnsatisfiedLinkError(libName + " has no " + function));
    FunctionDescriptor fd = FunctionDescriptor.of(JAVA_LONG,
        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    // Linked as a plain (non-variadic) function of seven longs: linking it as variadic costs a start about 25 ms of
    // CPU more (measured with an AOT cache). The two are the same call for integer arguments on the ABIs this
    // table covers: x86_64 passes variadic and fixed integers in the same registers and stack slots (only %al, the
    // count of vector registers, differs, and glibc's syscall, written in assembly, never reads it), and aarch64
    // Linux (AAPCS64, unlike Apple's) passes variadic arguments exactly like fixed ones.
    return linker.downcallHandle(sym, fd, Linker.Option.captureCallState("errno"));
  }

  /**
   * Makes system call {@code nr}; returns its result, or -1 with errno written into {@code capture} (a segment of
   * {@link #CAPTURE}).
   */
  static long call(MemorySegment capture, long nr, long a, long b, long c, long d, long e) {
    try {
      return (long) SYSCALL.invokeExact(capture, nr, a, b, c, d, e, 0L);
    } catch (RuntimeException | Error x) {
      throw x;
    } catch (Throwable t) {
      throw new IllegalStateException("syscall " + nr, t); // invokeExact of this handle throws nothing checked
    }
  }

  static int errno(MemorySegment capture) {
    return capture.get(JAVA_INT, ERRNO_OFFSET);
  }
}
