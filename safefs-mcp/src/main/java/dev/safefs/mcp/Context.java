package dev.safefs.mcp;

import dev.safefs.os.Os;
import dev.safefs.sandbox.Sandbox;
import dev.safefs.tx.Journal;
import dev.safefs.tx.JournalEntry;
import dev.safefs.tx.RecordedReplace;
import dev.safefs.sandbox.Resolved;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteResult;
import dev.safefs.write.Durability;
import dev.safefs.write.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every tool works with: the sandbox its paths resolve in, the journal that records every change (history,
 * undo), and the limits that keep one call from flooding the client.
 *
 * @param journal where changes are recorded; null only in tests that do not look at history
 * @param maxTextChars the most characters of file text one read returns (more: truncated, with a paging hint)
 * @param maxEntries the most entries one listing, tree or search returns
 */
public record Context(Sandbox sandbox, Journal journal, Durability durability, int maxTextChars, int maxEntries) {

  public static final int DEFAULT_MAX_TEXT_CHARS = 1 << 20;
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  public Os os() {
    return sandbox.os();
  }

  public WriteOptions writeOptions() {
    return WriteOptions.defaults().withDurability(durability);
  }

  /** A change to files, done by {@link #record}. */
  @FunctionalInterface
  public interface Change<T> {
    T run() throws IOException;
  }

  /** The result of a recorded change, and the journal entry that can undo it (null when not recorded). */
  public record Recorded<T>(T result, JournalEntry entry) {
    public String id() {
      return entry == null ? null : entry.id();
    }
  }

  /**
   * Runs {@code change} on {@code paths} (canonical paths inside the roots) recorded in the journal: their
   * before-content is kept, so the operation can be undone. Nothing is recorded when the change fails.
   */
  public <T> Recorded<T> record(String op, List<Path> paths, Change<T> change) throws IOException {
    if (journal == null) {
      return new Recorded<>(change.run(), null);
    }
    try (Journal.Recording rec = journal.begin(op, paths)) {
      T result = change.run();
      return new Recorded<>(result, rec.commit());
    }
  }

  /**
   * An atomic replace of the resolved file with {@code content}, recorded in the journal ({@link RecordedReplace}:
   * the record shares the replace's flushes). Nothing is recorded when the replace fails.
   */
  public Recorded<WriteResult> replace(String op, Resolved r, WriteOptions options, byte[] content)
      throws IOException {
    return replace(op, r, options, content, null, null);
  }

  /**
   * As {@link #replace(String, Resolved, WriteOptions, byte[])}, for new content made from the file's whole current
   * content, read by the caller ({@code read}, or null) and hashed ({@code sha256Before}): the journal keeps the read
   * inode without reading it again ({@link Journal#replaceHashedByCaller}). {@code options} should expect that hash,
   * so that the file is checked again, under its lock, just before the rename.
   */
  public Recorded<WriteResult> replace(String op, Resolved r, WriteOptions options, byte[] content,
      FileReads.Read read, String sha256Before) throws IOException {
    // without a journal, no record (a null resource and a null commit hook)
    try (RecordedReplace rec = journal == null ? null : read == null
            ? journal.replace(op, r.path(), r.dir(), r.name())
            : journal.replaceHashedByCaller(op, r.path(), r.dir(), r.name());
        AtomicWriter w = AtomicWriter.open(os(), r.dir(), r.name(), options)) {
      if (rec != null && read != null) {
        rec.beforeRead(read.stat(), sha256Before);
      }
      w.writeAll(content);
      WriteResult result = w.commit(rec);
      return new Recorded<>(result, rec == null ? null : rec.finish());
    }
  }
}
