package dev.safefs.write;

import java.io.IOException;
import java.util.List;

/**
 * Work joined to the commit of an {@link AtomicWriter}, at the two points of its protocol where a record of the
 * replace belongs: the journal writes its record before the rename, and its record must be durable, as the rename
 * must, before the commit returns. The writer's own order does not change: fsync(temp), rename, fsync(directory);
 * the hook's flushes run at the same time as that last one ({@link Flushes}).
 */
public interface CommitHook {

  /** After fsync(temp), before the rename; {@code sha256} and {@code bytes} describe the new content. */
  void beforePublish(String sha256, long bytes) throws IOException;

  /**
   * After the rename: adds to {@code flushes} what must be durable before the commit returns. The writer runs them
   * together with its fsync(directory), and the commit fails if any of them does.
   */
  void afterPublish(List<Flushes.Flush> flushes) throws IOException;
}
