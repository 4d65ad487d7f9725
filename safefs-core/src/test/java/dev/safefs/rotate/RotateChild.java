package dev.safefs.rotate;

import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.Os;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The crash test's victim: appends numbered lines to FILE with plain O_APPEND writes (one write(2) per line), rotates,
 * and loops until it is killed.
 *
 * <p>So that JVM start-up overlaps the previous child's run, it starts ahead of its turn: it loads its classes
 * (argument: a directory to list), prints "ready", and waits on stdin for {@code go FILE FIRST-LINE KEEP
 * COMPRESS}.
 */
public final class RotateChild {
  private RotateChild() {}

  public static void main(String[] args) throws Exception {
    Os os = Os.get();
    Rotator rotator = new Rotator(os);
    // load what a rotation needs, without the disk work (fsyncs) of a real one
    for (String c : new String[] {"dev.safefs.rotate.Rotator$Run", "dev.safefs.write.AtomicWriter",
        "dev.safefs.write.StaleTempSweeper", "dev.safefs.write.TempNames", "java.util.zip.GZIPOutputStream"}) {
      Class.forName(c);
    }
    try (Dir d = os.openDir(Path.of(args[0]))) {
      os.list(d, e -> Generation.parse("warm", e.name()));
    }
    System.out.println("ready");
    System.out.flush();
    String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (go == null) {
      return; // the test ended without needing this child
    }
    String[] a = go.split(" ");
    loop(os, rotator, Path.of(a[1]), Long.parseLong(a[2]), Integer.parseInt(a[3]), Boolean.parseBoolean(a[4]),
        Long.MAX_VALUE);
  }

  private static void loop(Os os, Rotator rotator, Path file, long n, int keep, boolean compress, long rounds)
      throws Exception {
    String name = file.getFileName().toString();
    try (Dir dir = os.openDir(file.getParent())) {
      for (long round = 0; round < rounds; round++) {
        int lines = 1 + ThreadLocalRandom.current().nextInt(4);
        try (FileHandle fh = os.openOrCreate(dir, name, Os.Access.APPEND, 0640)) {
          for (int i = 0; i < lines; i++) {
            byte[] line = ("line " + n + "\n").getBytes(StandardCharsets.US_ASCII);
            fh.write(line, 0, line.length);
            n++;
          }
        }
        rotator.rotate(file, keep, compress);
      }
    }
  }
}
