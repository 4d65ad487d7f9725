package dev.safefs.write;

import java.io.IOException;

/**
 * Work joined to the commit of an {@link AtomicWriter}, at the two points of its protocol where a record of the
 * replace belongs (the journal writes its record before the rename and makes it durable right after it, so that
 * the record's flush and the rename's share one filesystem commit). The writer's own order does not change:
 * fsync(temp), rename, fsync(directory).
 */
public interface CommitHook {

  /** After fsync(temp), before the rename; {@code sha256} and {@code bytes} describe the new content. */
  void beforePublish(String sha256, long bytes) throws IOException;

  /** After the rename, before fsync(directory). */
  void afterPublish() throws IOException;
}
