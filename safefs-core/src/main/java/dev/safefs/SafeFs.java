package dev.safefs;

import dev.safefs.edit.Edit;
import dev.safefs.edit.EditEngine;
import dev.safefs.edit.EditOptions;
import dev.safefs.edit.EditResult;
import dev.safefs.edit.PatchEngine;
import dev.safefs.edit.PatchResult;
import dev.safefs.os.Os;
import dev.safefs.tx.Journal;
import dev.safefs.tx.Transaction;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.StaleTempSweeper;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** The small public front of the library: every face (CLI, MCP) goes through these calls. */
public final class SafeFs {
  private SafeFs() {}

  /** Atomically replaces (or creates) {@code path} with {@code content}. */
  public static WriteResult write(Path path, byte[] content, WriteOptions options) throws IOException {
    return AtomicWriter.write(path, content, options);
  }

  /** Atomically replaces (or creates) {@code path} with all of {@code content}, streamed in constant memory. */
  public static WriteResult write(Path path, InputStream content, WriteOptions options) throws IOException {
    return AtomicWriter.write(path, content, options);
  }

  /** A writer to stream content into; publish with {@link AtomicWriter#commit()}. */
  public static AtomicWriter openWriter(Path path, WriteOptions options) throws IOException {
    return AtomicWriter.open(path, options);
  }

  /** A window of lines of a text file, in constant memory; binary files, FIFOs and devices are refused. */
  public static dev.safefs.read.ReadResult read(Path path, dev.safefs.read.ReadOptions options) throws IOException {
    return dev.safefs.read.TextReader.read(path, options);
  }

  /** Walks {@code root} without a stat per entry; entries and errors go to {@code visitor}. */
  public static dev.safefs.find.WalkSummary walk(Path root, dev.safefs.find.WalkOptions options,
      dev.safefs.find.WalkVisitor visitor) throws IOException {
    return dev.safefs.find.Walker.walk(root, options, visitor);
  }

  /** One page of a content search under {@code root}. */
  public static dev.safefs.find.SearchResult search(Path root, dev.safefs.find.SearchOptions options)
      throws IOException {
    return dev.safefs.find.ContentSearch.search(root, options);
  }

  /**
   * Writes all of {@code content} to {@code path} as a secret: mode 0600 from its first byte, replacing any older
   * file (whatever its mode) atomically; refuses a group- or world-writable parent directory unless {@code force}.
   * See {@link dev.safefs.secret.SecretFiles}.
   */
  public static WriteResult secret(Path path, InputStream content, boolean force) throws IOException {
    return dev.safefs.secret.SecretFiles.write(path, content, force);
  }

  /**
   * Rotates {@code file}: {@code FILE -> FILE.1 -> FILE.2 ...}, at most {@code keep} generations, generations 2 and
   * older gzipped when {@code compress}; finishes an interrupted rotation first. See {@link dev.safefs.rotate.Rotator}.
   */
  public static dev.safefs.rotate.RotateResult rotate(Path file, int keep, boolean compress) throws IOException {
    return dev.safefs.rotate.Rotator.get().rotate(file, keep, compress);
  }

  /** Removes the temps that killed writers left under {@code root}, never one whose writer is alive. */
  public static StaleTempSweeper.Report recover(Path root) throws IOException {
    try {
      return new StaleTempSweeper(Os.get()).sweepTree(root);
    } catch (IOException e) {
      throw SafeFsException.wrap("recover", root, "", e);
    }
  }

  /**
   * An unrecorded multi-file transaction, its intent records kept in the default state directory
   * ({@link Journal#stateDir}). See {@link Transaction}.
   */
  public static Transaction transaction() throws IOException {
    return Journal.open(Journal.stateDir(null)).transaction();
  }

  /** A transaction using {@code stateDir}, recorded in its journal as {@code op} unless {@code op} is null. */
  public static Transaction transaction(Path stateDir, String op) throws IOException {
    Journal j = Journal.open(Journal.stateDir(stateDir));
    return op == null ? j.transaction() : j.transaction(op);
  }

  /** The journal in {@code stateDir} (null: the default), recovered. */
  public static Journal journal(Path stateDir) throws IOException {
    return Journal.open(Journal.stateDir(stateDir));
  }

  /** Finishes or discards the transactions a crash interrupted, in {@code stateDir} (null: the default). */
  public static Journal.RecoveryReport recoverTransactions(Path stateDir) throws IOException {
    Journal j = journal(stateDir); // opening recovers
    Journal.RecoveryReport atOpen = j.lastRecovery();
    Journal.RecoveryReport again = j.recover();
    return new Journal.RecoveryReport(concat(atOpen.rolledForward(), again.rolledForward()),
        concat(atOpen.discarded(), again.discarded()), concat(atOpen.problems(), again.problems()));
  }

  private static java.util.List<String> concat(java.util.List<String> a, java.util.List<String> b) {
    java.util.List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * Replaces text in one file: each edit in order, all or nothing, by one compare-and-swap atomic replace. The
   * result says how each edit matched, the lines it touched and the unified diff (also on a dry run).
   */
  public static EditResult edit(Path path, List<Edit> edits, EditOptions options) throws IOException {
    return EditEngine.edit(path, edits, options);
  }

  /**
   * Applies a V4A patch or a unified diff to files under {@code root}: every hunk is validated before anything is
   * written, and a patch of several files is one transaction (state in {@code stateDir}, else the options', else
   * the default).
   */
  public static PatchResult patch(String patch, Path root, EditOptions options, Path stateDir) throws IOException {
    return PatchEngine.apply(patch, root, options, stateDir);
  }
}
