package dev.safefs.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process umask, read from /proc/self/status (Linux 4.7+). umask(2) itself cannot be read without setting it,
 * which would race with other threads creating files.
 */
final class ProcUmask {
  private static final Path STATUS = Path.of("/proc/self/status");
  static final int FALLBACK = 022;

  private ProcUmask() {}

  static int read() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring(6).trim(), 8);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no /proc: fall through
    }
    return FALLBACK;
  }
}
