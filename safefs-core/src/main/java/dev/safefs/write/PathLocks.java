package dev.safefs.write;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/** Striped in-JVM locks by path, so that writers of one JVM to the same path take turns publishing. */
public final class PathLocks {
  private static final int STRIPES = 256;
  private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      LOCKS[i] = new ReentrantLock();
    }
  }

  private PathLocks() {}

  public static ReentrantLock of(Path absolute) {
    return LOCKS[Math.floorMod(absolute.normalize().hashCode() * 0x9E3779B9, STRIPES)];
  }
}
