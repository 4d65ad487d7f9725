package dev.safefs.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * SHA-256 by OpenSSL's libcrypto ({@code SHA256_Init}, {@code _Update}, {@code _Final}), which uses the CPU's SHA
 * instructions from the first byte. The JDK's SHA-256 reaches them only in C2 code: in C1 code (the JIT of
 * {@code safefs serve}) it hashes at about 140 MB/s against 1.1 GB/s, so an edit of a 27 MB file spent half its time
 * hashing. The three functions take only pointers and sizes, so they share the system call handle's downcall stub
 * ({@link Syscall#link}): linking them costs next to nothing (linked with a signature of their own, a short command
 * took 18 ms more). The context ({@code SHA256_CTX}, a plain struct of 112 bytes) lives on the heap and is copied,
 * with the data, into a native scratch borrowed from a pool for each call, so a digest needs no native memory of its
 * own, clones like any array, and any thread (a virtual one too) may use it; the pool holds as many scratches as
 * threads ever hashed at once.
 *
 * <p>{@link #create()} returns null where libcrypto cannot be called (not Linux, no native access, no libcrypto 3)
 * or where the portable layer was chosen ({@code safefs.os=portable}), and callers use the JDK's.
 */
public final class NativeSha256 extends MessageDigest implements Cloneable {
  private static final int CTX_BYTES = 128; // sizeof(SHA256_CTX) is 112 on every ABI
  private static final int CHUNK = 64 * 1024;

  /** Native scratches (capture, context, data) not in use. */
  private static final ConcurrentLinkedQueue<Scratch> POOL = new ConcurrentLinkedQueue<>();

  private byte[] ctx = new byte[CTX_BYTES];

  private NativeSha256() {
    super("SHA-256");
    engineReset();
  }

  /** A fresh SHA-256 digest, or null when libcrypto cannot be called or the portable layer is in use. */
  public static NativeSha256 create() {
    return Handles.FINAL == null ? null : new NativeSha256();
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    java.util.Objects.checkFromIndexSize(offset, len, input.length);
    if (len == 0) {
      return;
    }
    Scratch s = Scratch.borrow();
    try {
      MemorySegment.copy(ctx, 0, s.ctx, ValueLayout.JAVA_BYTE, 0, CTX_BYTES);
      for (int done = 0; done < len; ) {
        int n = Math.min(CHUNK, len - done);
        MemorySegment.copy(input, offset + done, s.data, ValueLayout.JAVA_BYTE, 0, n);
        call(Handles.UPDATE, s, s.ctx.address(), s.data.address(), n);
        done += n;
      }
      MemorySegment.copy(s.ctx, ValueLayout.JAVA_BYTE, 0, ctx, 0, CTX_BYTES);
    } finally {
      s.giveBack();
    }
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[32];
    Scratch s = Scratch.borrow();
    try {
      MemorySegment.copy(ctx, 0, s.ctx, ValueLayout.JAVA_BYTE, 0, CTX_BYTES);
      call(Handles.FINAL, s, s.data.address(), s.ctx.address(), 0);
      MemorySegment.copy(s.data, ValueLayout.JAVA_BYTE, 0, out, 0, 32);
      init(s);
    } finally {
      s.giveBack();
    }
    return out;
  }

  @Override
  protected void engineReset() {
    Scratch s = Scratch.borrow();
    try {
      init(s);
    } finally {
      s.giveBack();
    }
  }

  /** Starts a new hash in {@code ctx}. */
  private void init(Scratch s) {
    call(Handles.INIT, s, s.ctx.address(), 0, 0);
    MemorySegment.copy(s.ctx, ValueLayout.JAVA_BYTE, 0, ctx, 0, CTX_BYTES);
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    NativeSha256 c = (NativeSha256) super.clone();
    c.ctx = ctx.clone();
    return c;
  }

  /** Calls a function of one to three pointer or size arguments; each returns 1 on success. */
  private static void call(MethodHandle h, Scratch s, long a, long b, long c) {
    long r;
    try {
      r = (long) h.invokeExact(s.capture, a, b, c, 0L, 0L, 0L, 0L);
    } catch (RuntimeException | Error x) {
      throw x;
    } catch (Throwable t) {
      throw new IllegalStateException(t); // invokeExact of these handles throws nothing checked
    }
    if ((int) r != 1) {
      throw new IllegalStateException("libcrypto's SHA-256 failed");
    }
  }

  private static final class Scratch {
    final MemorySegment capture;
    final MemorySegment ctx;
    final MemorySegment data;

    private Scratch() {
      Arena arena = Arena.ofAuto(); // freed when a scratch is dropped; pooled ones are kept
      capture = arena.allocate(Syscall.CAPTURE);
      ctx = arena.allocate(CTX_BYTES, 16);
      data = arena.allocate(CHUNK, 16);
    }

    static Scratch borrow() {
      Scratch s = POOL.poll();
      return s != null ? s : new Scratch();
    }

    void giveBack() {
      POOL.offer(this);
    }
  }

  private static final class Handles {
    static final MethodHandle INIT;
    static final MethodHandle UPDATE;
    static final MethodHandle FINAL;

    static {
      MethodHandle init = null;
      MethodHandle update = null;
      MethodHandle fin = null;
      try {
        if (LinuxOs.instance() != null && Os.get() == LinuxOs.instance()) { // the Linux layer is the one in use
          SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
          init = Syscall.link(crypto, "libcrypto", "SHA256_Init"); // int SHA256_Init(SHA256_CTX *c)
          // int SHA256_Update(SHA256_CTX *c, const void *data, size_t len)
          update = Syscall.link(crypto, "libcrypto", "SHA256_Update");
          fin = Syscall.link(crypto, "libcrypto", "SHA256_Final"); // int SHA256_Final(unsigned char *md, SHA256_CTX *c)
        }
      } catch (Throwable t) { // no libcrypto 3, or not these symbols
        init = null;
      }
      INIT = init;
      UPDATE = init == null ? null : update;
      FINAL = init == null ? null : fin;
    }

    private Handles() {}
  }
}
