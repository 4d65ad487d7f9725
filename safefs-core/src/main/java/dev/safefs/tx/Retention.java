package dev.safefs.tx;

/**
 * How much history the journal keeps: at most {@code maxOps} operations and {@code maxBytes} of entries and stored
 * contents; the oldest operations are dropped first.
 */
public record Retention(int maxOps, long maxBytes) {
  public static final Retention DEFAULT = new Retention(1000, 256L * 1024 * 1024);

  public Retention {
    if (maxOps < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("retention must keep at least one operation and one byte");
    }
  }

  /** From SAFEFS_JOURNAL_MAX_OPS and SAFEFS_JOURNAL_MAX_BYTES when set, else the defaults. */
  public static Retention fromEnvironment() {
    String ops = System.getenv("SAFEFS_JOURNAL_MAX_OPS");
    String bytes = System.getenv("SAFEFS_JOURNAL_MAX_BYTES");
    try {
      return new Retention(ops == null || ops.isBlank() ? DEFAULT.maxOps() : Integer.parseInt(ops.trim()),
          bytes == null || bytes.isBlank() ? DEFAULT.maxBytes() : Long.parseLong(bytes.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SAFEFS_JOURNAL_MAX_OPS / SAFEFS_JOURNAL_MAX_BYTES must be whole numbers");
    }
  }
}
