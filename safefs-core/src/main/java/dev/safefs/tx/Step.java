package dev.safefs.tx;

import java.nio.file.Path;
import java.util.List;

/**
 * One change of a transaction as its intent record writes it down: enough to redo it idempotently after a crash
 * and to know each path's before and after content. A null hash means "absent" for an after-state and "absent or
 * not recorded" for a before-state (the record's op says whether it was recorded). Modes are permission bits, -1
 * when unknown.
 */
sealed interface Step {

  /** The paths this step touches with their before and after hashes. */
  List<PathChange> changes();

  /** Renames the staged {@code temp} over {@code dir/name}. */
  record Write(Path dir, String name, String temp, String before, String after, long size, int beforeMode)
      implements Step {
    public List<PathChange> changes() {
      return List.of(new PathChange(dir.resolve(name), before, after, before == null ? -1 : beforeMode));
    }
  }

  /** Unlinks {@code dir/name}, the file with inode {@code inode}. */
  record Delete(Path dir, String name, String before, long inode, int mode) implements Step {
    public List<PathChange> changes() {
      return List.of(new PathChange(dir.resolve(name), before, null, mode));
    }
  }

  /** Renames {@code fromDir/fromName} (inode {@code inode}) to {@code toDir/toName}, replacing what was there. */
  record Move(Path fromDir, String fromName, Path toDir, String toName, String sha, long inode, String toBefore,
      int fromMode, int toMode) implements Step {
    public List<PathChange> changes() {
      return List.of(new PathChange(fromDir.resolve(fromName), sha, null, fromMode),
          new PathChange(toDir.resolve(toName), toBefore, sha, toBefore == null ? -1 : toMode));
    }
  }

  /** A change made outside a transaction and only recorded (see {@link Journal.Recording}); nothing to redo. */
  record State(Path path, String before, String after, int beforeMode) implements Step {
    public List<PathChange> changes() {
      return List.of(new PathChange(path, before, after, before == null ? -1 : beforeMode));
    }
  }
}
