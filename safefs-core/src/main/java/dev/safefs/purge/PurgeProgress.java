package dev.safefs.purge;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a purge updates as it goes, for a progress display; read from any thread. */
public final class PurgeProgress {
  final AtomicLong scanned = new AtomicLong();
  final AtomicLong selected = new AtomicLong();
  final AtomicLong removed = new AtomicLong();
  final AtomicLong removedBytes = new AtomicLong();
  volatile boolean applying;

  public long scanned() {
    return scanned.get();
  }

  public long selected() {
    return selected.get();
  }

  public long removed() {
    return removed.get();
  }

  public long removedBytes() {
    return removedBytes.get();
  }

  /** True once the walk is over and the files are being removed. */
  public boolean applying() {
    return applying;
  }
}
