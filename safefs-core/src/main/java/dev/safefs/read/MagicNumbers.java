package dev.safefs.read;

/** Names a binary format from its magic number, for messages such as "PNG image, 12,345 bytes". */
final class MagicNumbers {
  private MagicNumbers() {}

  private record Magic(int offset, byte[] bytes, String kind) {}

  private static final Magic[] MAGICS = {
      magic(0, "89504e470d0a1a0a", "PNG image"),
      magic(0, "ffd8ff", "JPEG image"),
      magic(0, "474946383761", "GIF image"),
      magic(0, "474946383961", "GIF image"),
      magic(0, "25504446", "PDF document"),
      magic(0, "7f454c46", "ELF executable"),
      magic(0, "1f8b", "gzip archive"),
      magic(0, "504b0304", "zip archive"),
      magic(0, "504b0506", "zip archive"),
      magic(0, "425a68", "bzip2 archive"),
      magic(0, "fd377a585a00", "xz archive"),
      magic(0, "28b52ffd", "zstd archive"),
      magic(0, "377abcaf271c", "7-zip archive"),
      magic(257, "7573746172", "tar archive"),
      magic(0, "cafebabe", "Java class file"),
      magic(0, "0061736d", "WebAssembly module"),
      magic(0, "53514c69746520666f726d6174203300", "SQLite database"),
      magic(0, "4d5a", "Windows executable"),
      magic(0, "52494646", "RIFF media (WAV/AVI/WebP)"),
      magic(0, "4f676753", "Ogg media"),
      magic(0, "664c6143", "FLAC audio"),
      magic(0, "494433", "MP3 audio"),
      magic(4, "66747970", "MP4/QuickTime media"),
      magic(0, "1a45dfa3", "Matroska/WebM media"),
      magic(0, "424d", "BMP image"),
      magic(0, "49492a00", "TIFF image"),
      magic(0, "4d4d002a", "TIFF image"),
      magic(0, "00000100", "ICO image"),
      magic(0, "d0cf11e0a1b11ae1", "MS Office (OLE) document"),
      magic(0, "edabeedb", "RPM package"),
      magic(0, "213c617263683e", "ar archive (deb)"),
  };

  private static Magic magic(int offset, String hex, String kind) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return new Magic(offset, b, kind);
  }

  /** The format's name, or null when no known magic number matches. */
  static String kind(byte[] sample, int length) {
    for (Magic m : MAGICS) {
      if (m.offset + m.bytes.length <= length) {
        boolean same = true;
        for (int i = 0; i < m.bytes.length && same; i++) {
          same = sample[m.offset + i] == m.bytes[i];
        }
        if (same) {
          return m.kind;
        }
      }
    }
    return null;
  }
}
