package dev.safefs.rotate;

/**
 * One rotated generation of a file {@code base}: {@code base.N} or, compressed, {@code base.N.gz}, with N from 1
 * (the youngest). Numbers are written in plain decimal without leading zeros, so a name maps to at most one
 * generation and a generation to exactly one name.
 *
 * @param number the generation, 1 for the youngest
 * @param compressed whether the name carries {@code .gz}
 */
public record Generation(int number, boolean compressed) {
  public static final String GZ = ".gz";
  /** Nine digits at most: a generation number always fits an int, and shifting it by one still does. */
  private static final int MAX_DIGITS = 9;

  public Generation {
    if (number < 1) {
      throw new IllegalArgumentException("a generation number starts at 1: " + number);
    }
  }

  /** The file name of this generation of {@code base}. */
  public String name(String base) {
    return base + "." + number + (compressed ? GZ : "");
  }

  public Generation withNumber(int n) {
    return new Generation(n, compressed);
  }

  public Generation compressedForm() {
    return new Generation(number, true);
  }

  /** The generation {@code name} is of {@code base}, or null when it is not one. */
  public static Generation parse(String base, String name) {
    if (base.isEmpty() || name.length() <= base.length() + 1 || !name.startsWith(base)
        || name.charAt(base.length()) != '.') {
      return null;
    }
    String rest = name.substring(base.length() + 1);
    boolean gz = rest.endsWith(GZ);
    String digits = gz ? rest.substring(0, rest.length() - GZ.length()) : rest;
    if (digits.isEmpty() || digits.length() > MAX_DIGITS || digits.charAt(0) == '0') {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return new Generation(Integer.parseInt(digits), gz);
  }
}
