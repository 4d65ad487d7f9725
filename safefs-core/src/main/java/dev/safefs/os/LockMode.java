package dev.safefs.os;

/** flock(2) modes. */
public enum LockMode {
  SHARED, EXCLUSIVE
}
