package dev.safefs;

import dev.safefs.os.FileHandle;
import dev.safefs.os.NativeSha256;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex: the one content identity of writes, edits, the journal and the MCP tools. */
public final class Hashes {
  private Hashes() {}

  /** A SHA-256 digest: libcrypto's where the Linux layer can call it ({@link NativeSha256}), else the JDK's. */
  public static MessageDigest sha256() {
    MessageDigest n = NativeSha256.create();
    if (n != null) {
      return n;
    }
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public static String hex(MessageDigest md) {
    return HexFormat.of().formatHex(md.digest());
  }

  public static String sha256(byte[] b) {
    return sha256(b, 0, b.length);
  }

  public static String sha256(byte[] b, int off, int len) {
    MessageDigest md = sha256();
    md.update(b, off, len);
    return hex(md);
  }

  /** Each thread's read buffer for {@link #sha256(FileHandle)}: hashing a small file allocates nothing. */
  private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  /** Hashes an open file from its start, without moving its position. */
  public static String sha256(FileHandle fh) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = READ_BUFFER.get();
    long pos = 0;
    int n;
    while ((n = fh.pread(buf, 0, buf.length, pos)) > 0) {
      md.update(buf, 0, n);
      pos += n;
    }
    return hex(md);
  }

  public static boolean isSha256(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
