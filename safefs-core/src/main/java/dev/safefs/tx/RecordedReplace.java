package dev.safefs.tx;

import dev.safefs.ConflictException;
import dev.safefs.Hashes;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import dev.safefs.write.CommitHook;
import dev.safefs.write.Flushes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An atomic replace of one file, recorded in the journal for the price of one extra flush of a small record (and
 * of two directories that the same filesystem commit already holds) instead of two more durable writes:
 *
 * <pre>{@code
 * try (RecordedReplace rec = journal.replace("write", path, dir, name);
 *      AtomicWriter w = AtomicWriter.open(os, dir, name, options)) {
 *   w.write(bytes);
 *   w.commit(rec);
 *   JournalEntry e = rec.finish();
 * }
 * }</pre>
 *
 * <p>The order (see docs/transactions.md, "Recorded replace"): the path is locked and its current content kept as a
 * blob, by a hard link to its inode when it is a regular file with one name on the state directory's filesystem
 * (the atomic replace never writes that inode again; else by a copy). The writer fsyncs its temp. The complete,
 * checksummed record is then written as {@code blobs/.<id>.pending} (beside the blob it needs, so that one
 * directory flush covers both names), the temp renamed over the target, and only then are the record and the blob
 * directory fsynced, at the same time as the writer's fsync of the target's directory ({@link Flushes}): on a
 * journaling filesystem the first of these flushes commits the rename, the record and the blob's name together and
 * the others find nothing left to commit; on one without a journal the device serves the three flushes side by
 * side. The commit returns when all three are done. Last, the pending record is renamed to {@code journal/<id>.tx},
 * without a flush of its own: a rename is atomic on a journaling filesystem, so after a crash the record is in one
 * place or the other, and recovery publishes a pending one whose change took place.
 *
 * <p>After a crash, recovery ({@link Journal#recover}) takes a pending record of a dead process as applied when
 * the file now holds its after-content, or when a later record of the same path starts from it (the file moved
 * on), and then publishes it; otherwise the rename never happened, and it is dropped.
 */
public final class RecordedReplace implements CommitHook, AutoCloseable {
  private static final String PENDING = ".pending";
  private static final String LINK = ".link";

  /** The name, in blobs/, of the pending record of replace {@code id}. */
  static String pendingName(String id) {
    return "." + id + PENDING;
  }

  /** The name, in blobs/, of the kept before-content of replace {@code id} until it is named by its hash. */
  static String linkName(String id) {
    return BlobStore.TEMP_PREFIX + id + LINK;
  }

  /** The id in a name made by {@link #pendingName}, or null. */
  static String idOfPending(String name) {
    return name.startsWith(".") && name.endsWith(PENDING) ? name.substring(1, name.length() - PENDING.length()) : null;
  }

  /** The id in a name made by {@link #linkName}, or null. */
  static String idOfLink(String name) {
    return name.startsWith(BlobStore.TEMP_PREFIX) && name.endsWith(LINK)
        ? name.substring(BlobStore.TEMP_PREFIX.length(), name.length() - LINK.length()) : null;
  }

  private final Journal j;
  private final String op;
  private final Path path;
  private final String id = Journal.newId();
  private final TxLocks.Held held;
  private boolean gcHeld;
  private String before;
  private int beforeMode = -1;
  private long beforeSize;
  /** With {@link Journal#replaceHashedByCaller}: hash the before-content by the caller's read, not here. */
  private final boolean callerHashes;
  /** The inode linked as the before-content while its hash is still to come from the caller ({@link #beforeRead}). */
  private FileStat awaitingHash;
  private String linkTemp; // a hard link to the old inode, named by its hash once the rename is done
  private boolean newBlob;
  private FileHandle record;
  private byte[] recordBytes;
  private JournalEntry entry;
  private boolean published;
  private boolean done;

  RecordedReplace(Journal j, String op, Path path, Dir dir, String name, boolean callerHashes) throws IOException {
    this.j = j;
    this.callerHashes = callerHashes;
    this.op = op;
    this.path = path.toAbsolutePath().normalize();
    if (this.path.getParent() == null) {
      throw new InvalidInputException(op, path, "is not a file path");
    }
    this.held = j.lockFor(Set.of(TxLocks.key(this.path)));
    Journal.LIVE.add(id);
    try {
      j.gc.lockShared();
      gcHeld = true;
      keepBefore(dir, name);
    } catch (IOException e) {
      release(e);
      throw SafeFsException.wrap(op, this.path, "record before-state", e);
    } catch (RuntimeException e) {
      release(e);
      throw e;
    }
  }

  /**
   * Hashes the current content and keeps it as a blob: a hard link to the inode when that is safe, else a copy. For
   * a caller that hashes it itself, a linked inode is left unread and named by that hash ({@link #beforeRead}).
   */
  private void keepBefore(Dir dir, String name) throws IOException {
    Os os = j.os;
    FileStat st;
    try {
      st = os.stat(dir, name, false);
    } catch (NoSuchFileException e) {
      return; // created by this replace: nothing to keep
    }
    if (!st.isRegularFile()) {
      throw new InvalidInputException(op, path, "is not a regular file: only files can be recorded");
    }
    beforeMode = st.mode();
    try (FileHandle fh = os.open(dir, name, Os.Access.READ, false)) {
      FileStat held = fh.stat();
      if (callerHashes && held.links() == 1 && link(dir, name, held)) {
        awaitingHash = held;
        beforeSize = held.size();
        return;
      }
      String sha = Hashes.sha256(fh);
      if (j.blobs.exists(sha)) {
        before = sha;
        return;
      }
      if (held.links() == 1 && link(dir, name, held)) {
        before = sha;
        beforeSize = held.size();
        return;
      }
    }
    before = j.blobs.store(dir, name); // other names could change the inode in place, or another filesystem
  }

  /** Links the inode {@code held} (open under {@code name}) into the blob directory under a temp name. */
  private boolean link(Dir dir, String name, FileStat held) throws IOException {
    String temp = linkName(id);
    try {
      j.os.link(dir, name, j.blobs.dir(), temp);
    } catch (IOException e) {
      return false; // another filesystem (EXDEV), or links not supported: copy
    }
    FileStat linked = j.os.stat(j.blobs.dir(), temp, false);
    if (!linked.sameFile(held)) { // replaced between open and link
      j.os.unlink(j.blobs.dir(), temp);
      return false;
    }
    linkTemp = temp;
    return true;
  }

  /** The id of the journal entry this replace becomes. */
  public String id() {
    return id;
  }

  /**
   * For a replace opened with {@link Journal#replaceHashedByCaller}, before the commit: the SHA-256 of the whole
   * content the caller read through a descriptor whose stat is {@code read}. A read of another inode than the one kept
   * (the file was replaced in between), or other content than the one hashed and copied here, is a conflict: the
   * record would name content the file did not hold.
   */
  public void beforeRead(FileStat read, String sha256) throws ConflictException {
    if (awaitingHash != null) {
      if (!read.sameFile(awaitingHash)) {
        throw new ConflictException(op, path, "was replaced while it was being read: try again");
      }
      before = sha256;
      awaitingHash = null;
    } else if (before != null && !before.equals(sha256)) {
      throw new ConflictException(op, path, "changed while it was being read: try again");
    }
  }

  /** Writes the complete record as {@code blobs/.<id>.pending}, not yet flushed. */
  @Override
  public void beforePublish(String sha256, long bytes) throws IOException {
    if (awaitingHash != null) {
      throw new IllegalStateException("beforeRead(...) comes before the commit: the record names the content kept");
    }
    List<Step> steps = List.of(new Step.State(path, before, sha256, beforeMode));
    Instant time = Instant.now();
    recordBytes = IntentRecord.whole(id, time, op, null, steps);
    entry = IntentRecord.entryOf(id, time, op, null, steps);
    record = j.os.createExclusive(j.blobs.dir(), pendingName(id), 0600);
    record.write(recordBytes, 0, recordBytes.length);
  }

  /**
   * Names the blob by its hash, and adds the flushes of the record and of the blob directory (the record's and the
   * blob's names), which the writer runs with its fsync of the target's directory.
   */
  @Override
  public void afterPublish(List<Flushes.Flush> flushes) throws IOException {
    published = true;
    if (linkTemp != null) {
      try {
        j.os.rename(j.blobs.dir(), linkTemp, j.blobs.dir(), before, true);
        newBlob = true;
      } catch (FileAlreadyExistsException e) {
        j.os.unlink(j.blobs.dir(), linkTemp); // the same content was stored meanwhile
      }
      linkTemp = null;
    }
    flushes.add(record::fsync);
    flushes.add(() -> j.os.fsync(j.blobs.dir()));
  }

  /**
   * After the writer's commit: publishes the record as journal entry {@code <id>.tx} and releases the path. The
   * record was durable before the commit returned.
   */
  public JournalEntry finish() throws IOException {
    if (!published || done) {
      throw new IllegalStateException("finish() comes once, after a commit that published");
    }
    try {
      j.os.rename(j.blobs.dir(), pendingName(id), j.journalDir, id + Journal.ENTRY, false);
      release(null);
      j.enforceRetention(recordBytes.length + (newBlob ? beforeSize : 0));
      return entry;
    } catch (IOException e) {
      release(e);
      throw SafeFsException.wrap(op, path, "record", e);
    }
  }

  private void release(Throwable primary) {
    if (done) {
      return;
    }
    done = true;
    if (record != null) {
      try {
        record.close();
      } catch (IOException e) {
        suppress(primary, e);
      }
    }
    if (!published) { // nothing was replaced: no record, no blob
      unlinkQuietly(j.blobs.dir(), pendingName(id), record != null, primary);
      if (linkTemp != null) {
        unlinkQuietly(j.blobs.dir(), linkTemp, true, primary);
      }
    }
    Journal.LIVE.remove(id);
    try {
      if (gcHeld) {
        j.gc.unlockShared();
      }
    } catch (IOException e) {
      suppress(primary, e);
    }
    try {
      held.close();
    } catch (IOException e) {
      suppress(primary, e);
    }
  }

  private void unlinkQuietly(Dir dir, String name, boolean exists, Throwable primary) {
    if (!exists) {
      return;
    }
    try {
      j.os.unlink(dir, name);
    } catch (NoSuchFileException e) {
      // never created
    } catch (IOException e) {
      suppress(primary, e);
    }
  }

  private static void suppress(Throwable primary, IOException e) {
    if (primary != null) {
      primary.addSuppressed(e);
    }
  }

  /**
   * Without {@link #finish()}: a replace that did not publish leaves nothing; one that published but could not
   * finish leaves its durable pending record for recovery.
   */
  @Override
  public void close() {
    release(null);
  }
}
