package dev.safefs.purge;

import dev.safefs.append.AppendOptions;
import dev.safefs.append.LockedAppender;
import dev.safefs.os.Os;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Loops until killed: appends numbered lines from START to FILE and rotates it every EVERY lines with KEEP and
 * COMPRESS; after each append prints the line's number (the acknowledgement the crash test checks).
 */
public final class RotateChild {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long start = Long.parseLong(args[1]);
    int keep = Integer.parseInt(args[2]);
    boolean compress = Boolean.parseBoolean(args[3]);
    int every = Integer.parseInt(args[4]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    Rotator rotator = new Rotator(Os.get());
    try (LockedAppender a = LockedAppender.open(file, AppendOptions.defaults().withFsync(false))) {
      for (long i = start; ; i++) {
        a.append(Long.toString(i).getBytes(StandardCharsets.UTF_8));
        out.println(i);
        if (i % every == 0) {
          rotator.rotate(file, keep, compress, null);
        }
      }
    }
  }
}
