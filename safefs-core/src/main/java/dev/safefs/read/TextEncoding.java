package dev.safefs.read;

/** How the bytes of a text file are decoded; {@link #bomLength()} bytes at the start are not shown. */
public enum TextEncoding {
  UTF_8(0), UTF_8_BOM(3), UTF_16LE(2), UTF_16BE(2);

  private final int bomLength;

  TextEncoding(int bomLength) {
    this.bomLength = bomLength;
  }

  public int bomLength() {
    return bomLength;
  }

  public boolean isUtf16() {
    return this == UTF_16LE || this == UTF_16BE;
  }
}
