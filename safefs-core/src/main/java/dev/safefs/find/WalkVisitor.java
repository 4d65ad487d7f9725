package dev.safefs.find;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;

/**
 * Receives a walk's entries and errors. Unless the walk is sorted (one thread), both methods are called from several
 * threads at once.
 */
public interface WalkVisitor {
  /** An entry; {@code parent} is its open directory, valid only during the call (to open the entry beneath it). */
  void entry(WalkEntry entry, Dir parent);

  /** An entry that could not be read (permission denied, vanished, a symlink loop); the walk goes on. */
  void error(SafeFsException error);

  /** Polled between entries: true ends the walk early (no more entries are reported). */
  default boolean stopped() {
    return false;
  }
}
