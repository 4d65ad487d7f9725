package dev.safefs.write;

import java.util.HexFormat;
import java.util.Locale;

/**
 * Options of an atomic write. Immutable; the {@code with} methods return a changed copy.
 *
 * @param durability how much the commit waits for the disk
 * @param createOnly fail with a conflict when the target exists (decided atomically at publication)
 * @param expectedSha256 compare-and-swap: the lower-case hex SHA-256 the current content must have, or null
 * @param mode the mode of the published file (permission bits), or null to keep the existing file's mode, or for a
 *     new file {@code 0666 & ~umask}
 */
public record WriteOptions(Durability durability, boolean createOnly, String expectedSha256, Integer mode) {

  private static final WriteOptions DEFAULTS = new WriteOptions(Durability.FILE_AND_DIRECTORY, false, null, null);

  public WriteOptions {
    if (durability == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
    if (expectedSha256 != null) {
      expectedSha256 = expectedSha256.toLowerCase(Locale.ROOT);
      if (expectedSha256.length() != 64 || !expectedSha256.chars().allMatch(HexFormat::isHexDigit)) {
        throw new IllegalArgumentException("expected SHA-256 must be 64 hex digits: " + expectedSha256);
      }
    }
    if (mode != null && (mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode must be within 07777: " + Integer.toOctalString(mode));
    }
  }

  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  public WriteOptions withDurability(Durability d) {
    return new WriteOptions(d, createOnly, expectedSha256, mode);
  }

  public WriteOptions withCreateOnly(boolean c) {
    return new WriteOptions(durability, c, expectedSha256, mode);
  }

  public WriteOptions withExpectedSha256(String hex) {
    return new WriteOptions(durability, createOnly, hex, mode);
  }

  public WriteOptions withMode(Integer m) {
    return new WriteOptions(durability, createOnly, expectedSha256, m);
  }
}
