package dev.safefs.edit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

final class Hashes {
  private Hashes() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static String sha256(byte[] b) {
    return HexFormat.of().formatHex(sha256().digest(b));
  }

  static String hex(MessageDigest md) {
    return HexFormat.of().formatHex(md.digest());
  }
}
