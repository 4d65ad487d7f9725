package dev.safefs.append;

import java.time.Duration;

/**
 * Options of a {@link LockedAppender}. Immutable; the {@code with} methods return a changed copy.
 *
 * @param fsync make every record durable before {@code append} returns (off: the records reach the page cache only)
 * @param groupCommit let the threads of one appender share writes and fsyncs: records that arrive while a commit is
 *     under way go out together in the next one (each caller still returns only once its own record is durable).
 *     Off: every record takes the lock, is written and fsynced on its own.
 * @param lockTimeout how long to wait for the file's lock, or null to wait as long as it takes
 * @param createMode the mode a missing file is created with (the umask applies)
 */
public record AppendOptions(boolean fsync, boolean groupCommit, Duration lockTimeout, int createMode) {

  private static final AppendOptions DEFAULTS = new AppendOptions(true, true, null, 0666);

  public AppendOptions {
    if (lockTimeout != null && lockTimeout.isNegative()) {
      throw new IllegalArgumentException("lock timeout must not be negative: " + lockTimeout);
    }
    if ((createMode & ~07777) != 0) {
      throw new IllegalArgumentException("mode must be within 07777: " + Integer.toOctalString(createMode));
    }
  }

  public static AppendOptions defaults() {
    return DEFAULTS;
  }

  public AppendOptions withFsync(boolean f) {
    return new AppendOptions(f, groupCommit, lockTimeout, createMode);
  }

  public AppendOptions withGroupCommit(boolean g) {
    return new AppendOptions(fsync, g, lockTimeout, createMode);
  }

  public AppendOptions withLockTimeout(Duration t) {
    return new AppendOptions(fsync, groupCommit, t, createMode);
  }

  public AppendOptions withCreateMode(int m) {
    return new AppendOptions(fsync, groupCommit, lockTimeout, m);
  }
}
