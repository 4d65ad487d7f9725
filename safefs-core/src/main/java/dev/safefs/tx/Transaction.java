package dev.safefs.tx;

import dev.safefs.Hashes;
import dev.safefs.InvalidInputException;
import dev.safefs.IoFailureException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import dev.safefs.write.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several file changes made as one atomic unit:
 *
 * <pre>{@code
 * try (Transaction tx = SafeFs.transaction()) {
 *   tx.write(a, bytesA);
 *   tx.write(b, bytesB, expectedSha256OfB);   // compare-and-swap, checked at commit
 *   tx.delete(c);
 *   tx.move(d, e);
 *   TxResult r = tx.commit();
 * }
 * }</pre>
 *
 * <p>After {@link #commit()} returns, every change is durable; leaving the block without a commit changes nothing;
 * after a crash at any instant, recovery leaves all of the changes or none of them. Paths may lie in any
 * directories of one filesystem (a move cannot cross filesystems). New content is staged at once into hidden temps
 * beside the targets ({@code .<name>.<id>.safefs-tx}); {@code commit} then locks the paths, checks expectations,
 * makes the temps and a checksummed intent record durable, renames and unlinks, and fsyncs each touched directory
 * once. See docs/transactions.md for the protocol.
 *
 * <p>Writes follow a symlink at the path to its final target (the link is kept); deletes and moves act on the name
 * itself, and only on regular files. A path may appear in one change only. A call that fails aborts the whole
 * transaction. A transaction is for one thread.
 */
public final class Transaction implements AutoCloseable {

  /** Expectation that a path does not exist. */
  static final String ABSENT = "";
  private static final int NAME_MAX = 255;

  private abstract static sealed class Pending permits PWrite, PDelete, PMove {
    final Path path;
    final Dir dir;
    final String name;

    Pending(Path path, Dir dir, String name) {
      this.path = path;
      this.dir = dir;
      this.name = name;
    }
  }

  private static final class PWrite extends Pending {
    final String temp;
    final Integer mode;
    final String expect;
    FileHandle fh;
    String sha;
    long size;

    PWrite(Path path, Dir dir, String name, String temp, Integer mode, String expect) {
      super(path, dir, name);
      this.temp = temp;
      this.mode = mode;
      this.expect = expect;
    }
  }

  private static final class PDelete extends Pending {
    final String expect;
    final boolean ifPresent;

    PDelete(Path path, Dir dir, String name, String expect, boolean ifPresent) {
      super(path, dir, name);
      this.expect = expect;
      this.ifPresent = ifPresent;
    }
  }

  private static final class PMove extends Pending {
    final Path to;
    final Dir toDir;
    final String toName;

    PMove(Path path, Dir dir, String name, Path to, Dir toDir, String toName) {
      super(path, dir, name);
      this.to = to;
      this.toDir = toDir;
      this.toName = toName;
    }
  }

  private final Journal journal;
  private final Os os;
  private final String op;
  private final String undoes;
  private final String id = Journal.newId();
  private final Instant time = Instant.now();
  private final Map<Path, Dir> dirs = new LinkedHashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private final Set<Path> touched = new HashSet<>();
  private Journal.IntentFile intent;
  private String conflictLabel = "changed";
  private boolean createParents;
  private final Set<Path> newEntries = new java.util.LinkedHashSet<>();
  private boolean done;

  Transaction(Journal journal, String op, String undoes) {
    this.journal = journal;
    this.os = journal.os;
    this.op = op;
    this.undoes = undoes;
  }

  /** This transaction's id (its journal id when recorded). */
  public String id() {
    return id;
  }

  private String opName() {
    return op == null ? "transaction" : op;
  }

  // ---- staging

  /** Stages {@code content} as the new content of {@code path}. */
  public Transaction write(Path path, byte[] content) throws IOException {
    return stage(path, new ByteArrayInputStream(content), null, null);
  }

  /**
   * Stages {@code content} for {@code path}, to be published only if the file's current SHA-256 is
   * {@code expectedSha256} when the transaction commits (else the whole commit fails with a ConflictException).
   */
  public Transaction write(Path path, byte[] content, String expectedSha256) throws IOException {
    return stage(path, new ByteArrayInputStream(content), null, checkSha(expectedSha256));
  }

  /** Stages all of {@code content} (streamed, constant memory) as the new content of {@code path}. */
  public Transaction write(Path path, InputStream content) throws IOException {
    return stage(path, content, null, null);
  }

  /**
   * Stages {@code content} with options: {@code createOnly} (the path must not exist at commit),
   * {@code expectedSha256} (compare-and-swap at commit), {@code mode}. Durability is always full.
   */
  public Transaction write(Path path, InputStream content, WriteOptions options) throws IOException {
    String expect = options.createOnly() ? ABSENT : options.expectedSha256();
    return stage(path, content, options.mode(), expect);
  }

  /** Deletes the regular file {@code path} (it must exist at commit). */
  public Transaction delete(Path path) throws IOException {
    return deleteExpecting(path, null, false);
  }

  /** Deletes {@code path} only if its SHA-256 is {@code expectedSha256} at commit. */
  public Transaction delete(Path path, String expectedSha256) throws IOException {
    return deleteExpecting(path, checkSha(expectedSha256), false);
  }

  /** Renames the regular file {@code from} to {@code to}, replacing a file there; both on one filesystem. */
  public Transaction move(Path from, Path to) throws IOException {
    ensureOpen();
    Path f = absolute(from);
    Path t = absolute(to);
    claim(f, from);
    claim(t, to);
    try {
      pending.add(new PMove(f, dir(f.getParent()), name(f), t, dir(t.getParent()), name(t)));
    } catch (IOException | RuntimeException e) {
      throw abortWith(e, from, "open directory");
    }
    return this;
  }

  Transaction deleteExpecting(Path path, String expect, boolean ifPresent) throws IOException {
    ensureOpen();
    Path p = absolute(path);
    claim(p, path);
    try {
      pending.add(new PDelete(p, dir(p.getParent()), name(p), expect, ifPresent));
    } catch (IOException | RuntimeException e) {
      throw abortWith(e, path, "open directory");
    }
    return this;
  }

  /** Stages the blob {@code sha} as the content of {@code path} (undo). */
  void restore(Path path, BlobStore blobs, String sha, String expect, int mode) throws IOException {
    try (InputStream in = blobs.open(sha)) {
      stage(path, in, mode < 0 ? null : mode, expect);
    }
    PWrite w = (PWrite) pending.getLast();
    if (!sha.equals(w.sha)) { // a blob is a hard link to a replaced inode or a copy: never restore a changed one
      throw abortWith(new IoFailureException("undo", path, "the journal's copy of its earlier content is damaged "
          + "(SHA-256 " + w.sha + ", expected " + sha + ")"), path, "check the kept content");
    }
  }

  /**
   * Lets writes and moves create missing parent directories (like {@code mkdir -p}, mode 0777 & ~umask), at the
   * time of the call; they are made durable with the transaction, and stay (empty) if it is abandoned.
   */
  public Transaction createParents() {
    ensureOpen();
    this.createParents = true;
    return this;
  }

  void conflictLabel(String label) {
    this.conflictLabel = label;
  }

  private static String checkSha(String sha) {
    if (sha == null) {
      return null;
    }
    String s = sha.toLowerCase(java.util.Locale.ROOT);
    if (!Hashes.isSha256(s)) {
      throw new IllegalArgumentException("expected SHA-256 must be 64 hex digits: " + sha);
    }
    return s;
  }

  private Transaction stage(Path path, InputStream content, Integer mode, String expect) throws IOException {
    ensureOpen();
    PWrite w;
    String step = "resolve";
    try {
      Path target = resolveForWrite(path);
      claim(target, path);
      Dir d = dir(target.getParent());
      String name = name(target);
      step = "intent record";
      ensureIntent();
      String temp = tempName(name);
      intent.append(IntentRecord.tempLine(d.path(), temp)); // named before it exists: recovery can always find it
      w = new PWrite(target, d, name, temp, mode, expect);
      step = "create temp";
      w.fh = os.createExclusive(d, temp, 0600);
      pending.add(w);
      step = "write temp";
      MessageDigest md = Hashes.sha256();
      byte[] buf = new byte[64 * 1024];
      long size = 0;
      int n;
      while ((n = content.readNBytes(buf, 0, buf.length)) > 0) {
        w.fh.write(buf, 0, n);
        md.update(buf, 0, n);
        size += n;
      }
      w.sha = Hashes.hex(md);
      w.size = size;
      return this;
    } catch (IOException | RuntimeException e) {
      throw abortWith(e, path, step);
    }
  }

  private Path resolveForWrite(Path given) throws IOException {
    Path p = absolute(given);
    for (int hops = 0; hops <= 40; hops++) {
      Dir d = dir(p.getParent());
      FileStat st;
      try {
        st = os.stat(d, name(p), false);
      } catch (NoSuchFileException e) {
        return p;
      }
      if (st.isDirectory()) {
        throw new InvalidInputException(opName(), given, "is a directory");
      }
      if (!st.isSymlink()) {
        return p;
      }
      p = absolute(p.getParent().resolve(os.readLink(d, name(p))));
    }
    throw new InvalidInputException(opName(), given, "too many levels of symbolic links");
  }

  private Path absolute(Path given) throws InvalidInputException {
    Path p = given.toAbsolutePath().normalize();
    if (p.getParent() == null || p.getFileName() == null) {
      throw new InvalidInputException(opName(), given, "is not a file path");
    }
    return p;
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private void claim(Path p, Path given) throws IOException {
    if (!touched.add(p)) {
      InvalidInputException e = new InvalidInputException(opName(), given, "appears twice in the transaction");
      throw abortWith(e, given, "");
    }
  }

  private Dir dir(Path parent) throws IOException {
    Dir d = dirs.get(parent);
    if (d == null) {
      try {
        d = os.openDir(parent);
      } catch (NoSuchFileException e) {
        if (!createParents) {
          throw new NotFoundException(opName(), parent, "directory does not exist", e);
        }
        makeParents(parent);
        d = os.openDir(parent);
      }
      dirs.put(parent, d);
    }
    return d;
  }

  /**
   * mkdir -p of {@code dir}; the directories that gain an entry are fsynced before the intent becomes durable.
   * They stay when the transaction is abandoned (empty).
   */
  private void makeParents(Path dir) throws IOException {
    Path existing = dir;
    List<String> missing = new ArrayList<>();
    while (true) {
      Path up = existing.getParent();
      if (up == null) {
        throw new NotFoundException(opName(), dir, "no existing ancestor directory");
      }
      missing.addFirst(existing.getFileName().toString());
      existing = up;
      try {
        os.stat(dirFor(existing));
        break;
      } catch (NoSuchFileException e) {
        // keep climbing
      }
    }
    Path cur = existing;
    for (String name : missing) {
      Dir parent = dirFor(cur);
      try {
        os.mkdir(parent, name, 0777);
        newEntries.add(cur);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // made meanwhile
      }
      cur = cur.resolve(name);
    }
  }

  /** An open directory for {@code p} (cached), NoSuchFileException when it does not exist. */
  private Dir dirFor(Path p) throws IOException {
    Dir d = dirs.get(p);
    if (d == null) {
      d = os.openDir(p);
      dirs.put(p, d);
    }
    return d;
  }

  private String tempName(String target) {
    String tail = "." + id + Journal.TX_TEMP;
    String head = "." + target;
    while (head.getBytes(StandardCharsets.UTF_8).length + tail.length() > NAME_MAX) {
      head = head.substring(0, head.offsetByCodePoints(head.length(), -1));
    }
    return head + tail;
  }

  private void ensureIntent() throws IOException {
    if (intent == null) {
      Journal.LIVE.add(id);
      intent = journal.createIntent(id, IntentRecord.header(id, time, op, undoes));
    }
  }

  private void ensureOpen() {
    if (done) {
      throw new IllegalStateException("transaction " + id + " is already committed or closed");
    }
  }

  // ---- commit

  /** Makes every staged change durable as one atomic unit. */
  public TxResult commit() throws IOException {
    ensureOpen();
    boolean recorded = op != null;
    if (pending.isEmpty()) {
      cleanup(null);
      return new TxResult(id, false, List.of());
    }
    boolean durable = false;
    List<Step> steps = new ArrayList<>();
    try {
      ensureIntent();
      TreeSet<String> keys = new TreeSet<>();
      for (Pending p : pending) {
        keys.add(TxLocks.key(p.path));
        if (p instanceof PMove m) {
          keys.add(TxLocks.key(m.to));
        }
      }
      try (TxLocks.Held _ = journal.lockFor(keys)) {
        if (recorded) {
          journal.gc.lockShared();
        }
        try {
          List<String> conflicts = new ArrayList<>();
          for (Pending p : pending) {
            Step s = check(p, recorded, conflicts);
            if (s != null) {
              steps.add(s);
            }
          }
          if (!conflicts.isEmpty()) {
            throw Journal.conflict(opName(), conflictLabel, conflicts);
          }
          if (recorded) {
            journal.blobs.syncDir();
          }
          Set<Path> stagedIn = new java.util.LinkedHashSet<>(newEntries); // directories created for this tx
          for (Pending p : pending) {
            if (p instanceof PWrite w) {
              w.fh.fsync();
              stagedIn.add(w.dir.path());
            }
          }
          for (Path d : stagedIn) {
            os.fsync(dirFor(d)); // the temps' names, so that recovery finds every temp the record names
          }
          StringBuilder lines = new StringBuilder();
          for (Step s : steps) {
            lines.append(IntentRecord.stepLine(s));
          }
          intent.seal(lines.toString());
          os.fsync(journal.txDir);
          durable = true;
        } finally {
          if (recorded) {
            journal.gc.unlockShared();
          }
        }
        try (Redo redo = new Redo(os, dirs)) {
          redo.apply(steps, false);
          redo.syncDirs();
        }
        journal.markDone(id, recorded);
      }
    } catch (IOException | RuntimeException e) {
      if (durable) {
        cleanup(e); // keeps the intent: recovery finishes it
        throw new IoFailureException(opName(), null, "interrupted after its intent record was durable: "
            + SafeFsException.wrap(opName(), null, "", e instanceof IOException io ? io : new IOException(e))
                .reason() + "; `safefs recover` (or the next journal open) finishes it", e);
      }
      throw abortWith(e, null, "commit");
    }
    cleanup(null);
    List<PathChange> changes = new ArrayList<>();
    for (Step s : steps) {
      changes.addAll(s.changes());
    }
    if (recorded) {
      try {
        journal.enforceRetention(intent.size);
      } catch (IOException e) {
        // housekeeping: the transaction is committed; the next one retries
      }
    }
    return new TxResult(id, recorded, List.copyOf(changes));
  }

  /** Checks one change against the current state under the locks and returns its step (null: nothing to do). */
  private Step check(Pending p, boolean recorded, List<String> conflicts) throws IOException {
    switch (p) {
      case PWrite w -> {
        FileStat st = statOrNull(w.dir, w.name);
        if (st != null && st.isDirectory()) {
          throw new InvalidInputException(opName(), w.path, "is a directory");
        }
        if (st != null && !st.isRegularFile()) {
          throw new InvalidInputException(opName(), w.path, "is not a regular file (changed during the transaction)");
        }
        String before = (recorded && st != null) ? journal.blobs.store(w.dir, w.name)
            : (w.expect != null && !w.expect.equals(ABSENT) && st != null ? hash(w.dir, w.name) : null);
        expect(w.path, w.expect, st, before, conflicts);
        w.fh.chmod(w.mode != null ? w.mode : st != null ? st.mode() : 0666 & ~os.umask());
        if (st != null) {
          w.fh.keepOwnerOf(st);
        }
        return new Step.Write(w.dir.path(), w.name, w.temp, before, w.sha, w.size, st == null ? -1 : st.mode());
      }
      case PDelete d -> {
        FileStat st = statOrNull(d.dir, d.name);
        if (st == null) {
          if (d.ifPresent) {
            expect(d.path, d.expect, null, null, conflicts);
            return null;
          }
          throw new NotFoundException(opName(), d.path, "No such file or directory");
        }
        if (!st.isRegularFile()) {
          throw new InvalidInputException(opName(), d.path, "is not a regular file");
        }
        String before = recorded ? journal.blobs.store(d.dir, d.name)
            : (d.expect != null && !d.expect.equals(ABSENT) ? hash(d.dir, d.name) : null);
        expect(d.path, d.expect, st, before, conflicts);
        return new Step.Delete(d.dir.path(), d.name, before, st.inode(), st.mode());
      }
      case PMove m -> {
        FileStat st = statOrNull(m.dir, m.name);
        if (st == null) {
          throw new NotFoundException(opName(), m.path, "No such file or directory");
        }
        if (!st.isRegularFile()) {
          throw new InvalidInputException(opName(), m.path, "is not a regular file");
        }
        FileStat toSt = statOrNull(m.toDir, m.toName);
        if (toSt != null && !toSt.isRegularFile()) {
          throw new InvalidInputException(opName(), m.to,
              toSt.isDirectory() ? "is a directory" : "is not a regular file");
        }
        if (os.stat(m.toDir).device() != st.device()) {
          throw new InvalidInputException(opName(), m.to, "is on another filesystem than " + m.path);
        }
        String sha = recorded ? journal.blobs.store(m.dir, m.name) : null;
        String toBefore = recorded && toSt != null ? journal.blobs.store(m.toDir, m.toName) : null;
        return new Step.Move(m.dir.path(), m.name, m.toDir.path(), m.toName, sha, st.inode(), toBefore,
            st.mode(), toSt == null ? -1 : toSt.mode());
      }
    }
  }

  private static void expect(Path path, String expect, FileStat st, String current, List<String> conflicts) {
    if (expect == null) {
      return;
    }
    if (expect.equals(ABSENT)) {
      if (st != null) {
        conflicts.add(path + " (exists)");
      }
    } else if (st == null) {
      conflicts.add(path + " (does not exist)");
    } else if (!expect.equals(current)) {
      conflicts.add(path + " (SHA-256 is " + current + ", expected " + expect + ")");
    }
  }

  private String hash(Dir d, String name) throws IOException {
    try (FileHandle fh = os.open(d, name, Os.Access.READ, false)) {
      return Hashes.sha256(fh);
    }
  }

  private FileStat statOrNull(Dir d, String name) throws IOException {
    try {
      return os.stat(d, name, false);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  // ---- abort and cleanup

  private SafeFsException abortWith(Throwable e, Path path, String step) {
    abort(e);
    if (e instanceof IOException io) {
      return SafeFsException.wrap(opName(), path, step, io);
    }
    if (e instanceof IllegalArgumentException iae) {
      return new InvalidInputException(opName(), path, iae.getMessage(), iae);
    }
    if (e instanceof RuntimeException re) {
      throw re;
    }
    throw new IllegalStateException(e);
  }

  /** Removes every staged temp and the intent record: nothing was published. */
  private void abort(Throwable primary) {
    if (done) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (Pending p : pending) {
      if (p instanceof PWrite w && w.fh != null) {
        try {
          w.fh.close();
        } catch (IOException e) {
          problems.add(e.getMessage());
        }
        w.fh = null;
        try {
          os.unlink(w.dir, w.temp);
        } catch (NoSuchFileException e) {
          // gone
        } catch (IOException e) {
          problems.add(e.getMessage());
        }
      }
    }
    if (intent != null) {
      try {
        os.unlink(journal.txDir, id + Journal.INTENT);
      } catch (NoSuchFileException e) {
        // gone
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
    for (String s : problems) {
      if (primary != null) {
        primary.addSuppressed(new IOException("abort: " + s));
      }
    }
    cleanup(primary);
  }

  private void cleanup(Throwable primary) {
    done = true;
    for (Pending p : pending) {
      if (p instanceof PWrite w && w.fh != null) {
        closeQuietly(w.fh, primary);
        w.fh = null;
      }
    }
    if (intent != null) {
      closeQuietly(intent, primary);
    }
    for (Dir d : dirs.values()) {
      closeQuietly(d, primary);
    }
    dirs.clear();
    Journal.LIVE.remove(id);
  }

  private static void closeQuietly(AutoCloseable c, Throwable primary) {
    try {
      c.close();
    } catch (Exception e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Without a commit: removes what was staged and changes nothing. After a commit: nothing. */
  @Override
  public void close() {
    if (!done) {
      abort(null);
    }
  }
}
