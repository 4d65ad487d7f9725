package dev.safefs.tx;

import dev.safefs.Hashes;
import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.DirEntry;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state directory of safefs: intent records of transactions in flight, the journal of recorded operations,
 * their before-contents and the per-path locks. Opening it finishes or discards what a crash interrupted.
 *
 * <p>Layout (see docs/transactions.md): {@code tx/<id>.intent} intent records, {@code journal/<id>.tx} recorded
 * operations, {@code blobs/<sha256>} before-contents, {@code locks/<hash>} per-path lock files.
 *
 * <p>The API for faces and other operations:
 *
 * <pre>{@code
 * Journal j = Journal.open(Journal.stateDir(null));      // SAFEFS_STATE, $XDG_STATE_HOME/safefs, ~/.local/state/safefs
 *
 * // a transaction recorded as "apply" (undoable), or unrecorded with j.transaction()
 * try (Transaction tx = j.transaction("apply")) {
 *   tx.write(a, bytes).delete(b).move(c, d);
 *   TxResult r = tx.commit();
 * }
 *
 * // an operation that does not go through a transaction (append, purge ...): lock the paths, keep their
 * // before-content, do the work, record the after-state
 * try (Journal.Recording rec = j.begin("append", List.of(path))) {
 *   ... change path ...
 *   rec.commit();
 * }
 * // or in one call: j.record("append", List.of(path), () -> ...);
 * }</pre>
 *
 * An operation recorded either way shows in {@link #history} and can be undone with {@link #undo}. A journal is
 * safe for concurrent use by any number of threads and processes.
 */
public final class Journal {

  static final String INTENT = ".intent";
  static final String ENTRY = ".tx";
  static final String TX_TEMP = ".safefs-tx";

  /** Ids of the transactions in flight in this JVM, which recovery must leave alone. */
  static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

  private static final ConcurrentHashMap<Path, Journal> OPEN = new ConcurrentHashMap<>();
  private static final AtomicLong LAST_MICROS = new AtomicLong();
  private static final String PID36 = Long.toString(ProcessHandle.current().pid(), 36);

  /** What a recovery did. */
  public record RecoveryReport(List<String> rolledForward, List<String> discarded, List<String> problems) {}

  /** Recorded operations, newest first, and the entries that could not be read (skipped). */
  public record History(List<JournalEntry> entries, List<String> problems) {}

  /** A unit of work done outside a transaction, recorded with its before- and after-state. */
  @FunctionalInterface
  public interface IoAction {
    void run() throws IOException;
  }

  final Os os;
  private final Path root;
  final Dir txDir;
  final Dir journalDir;
  final BlobStore blobs;
  final TxLocks locks;
  final GcLock gc;
  private volatile Retention retention;
  private final UsageEstimate usage = new UsageEstimate();
  /** The before-hashes each journal entry references (entries never change once named), for collection. */
  private final Map<String, Set<String>> entryRefs = new ConcurrentHashMap<>();
  /** Sizes of entries and blobs seen by {@link #usage()}, keyed by name (ids and hashes never repeat). */
  private final Map<String, Long> knownSizes = new ConcurrentHashMap<>();
  private volatile RecoveryReport lastRecovery = new RecoveryReport(List.of(), List.of(), List.of());

  private Journal(Os os, Path root, Dir txDir, Dir journalDir, Dir blobsDir, Dir locksDir, Retention retention) {
    this.os = os;
    this.root = root;
    this.txDir = txDir;
    this.journalDir = journalDir;
    this.blobs = new BlobStore(os, blobsDir);
    this.locks = new TxLocks(os, locksDir);
    this.gc = new GcLock(os, blobsDir);
    this.retention = retention;
  }

  // ---- opening

  /**
   * The state directory: {@code override} when given, else {@code SAFEFS_STATE}, else
   * {@code $XDG_STATE_HOME/safefs}, else {@code ~/.local/state/safefs}.
   */
  public static Path stateDir(Path override) {
    if (override != null) {
      return override.toAbsolutePath().normalize();
    }
    String env = System.getenv("SAFEFS_STATE");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "safefs").normalize();
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "safefs").toAbsolutePath().normalize();
  }

  /** Opens (creating it when needed) the journal in {@code stateDir}, with retention from the environment. */
  public static Journal open(Path stateDir) throws IOException {
    return open(stateDir, Retention.fromEnvironment());
  }

  /**
   * Opens the journal in {@code stateDir} and recovers: interrupted transactions whose intent record is durable are
   * finished, the others discarded. A JVM shares one instance per directory.
   */
  public static Journal open(Path stateDir, Retention retention) throws IOException {
    Path given = stateDir.toAbsolutePath().normalize();
    Journal j = OPEN.get(given);
    if (j == null) {
      Path root;
      try {
        mkdirs(Os.get(), given);
        root = given.toRealPath(); // one instance per directory, whatever the path that names it
      } catch (IOException e) {
        throw SafeFsException.wrap("journal", given, "open state directory", e);
      }
      try {
        j = OPEN.computeIfAbsent(root, r -> {
          try {
            return create(Os.get(), r, retention);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } catch (java.io.UncheckedIOException e) {
        throw SafeFsException.wrap("journal", root, "open state directory", e.getCause());
      }
      OPEN.putIfAbsent(given, j);
    }
    j.retention = retention;
    j.lastRecovery = j.recover();
    return j;
  }

  private static Journal create(Os os, Path root, Retention retention) throws IOException {
    mkdirs(os, root);
    try (Dir r = os.openDir(root)) {
      Dir[] d = new Dir[4];
      String[] names = {"tx", "journal", "blobs", "locks"};
      for (int i = 0; i < names.length; i++) {
        try {
          os.mkdir(r, names[i], 0700);
        } catch (FileAlreadyExistsException e) {
          // already there
        }
        d[i] = os.openDirAt(r, names[i], false);
      }
      os.fsync(r);
      return new Journal(os, root, d[0], d[1], d[2], d[3], retention);
    }
  }

  private static void mkdirs(Os os, Path dir) throws IOException {
    Path p = dir.getRoot();
    Dir cur = os.openDir(p);
    try {
      for (Path name : dir) {
        String n = name.toString();
        Dir next;
        try {
          next = os.openDirAt(cur, n, true);
        } catch (NoSuchFileException e) {
          try {
            os.mkdir(cur, n, 0700);
          } catch (FileAlreadyExistsException raced) {
            // made meanwhile
          }
          next = os.openDirAt(cur, n, true);
        }
        cur.close();
        cur = next;
      }
    } finally {
      cur.close();
    }
  }

  /** What the recovery of the latest {@link #open} of this journal did. */
  public RecoveryReport lastRecovery() {
    return lastRecovery;
  }

  public Path stateDirectory() {
    return root;
  }

  public Retention retention() {
    return retention;
  }

  // ---- transactions and recordings

  /** A transaction that is not recorded in the journal. */
  public Transaction transaction() {
    return new Transaction(this, null, null);
  }

  /** A transaction recorded in the journal as {@code op} (so that it can be undone). */
  public Transaction transaction(String op) {
    return new Transaction(this, requireOp(op), null);
  }

  private static String requireOp(String op) {
    if (op == null || op.isBlank()) {
      throw new IllegalArgumentException("a recorded operation needs a name");
    }
    return op;
  }

  /**
   * Starts recording an operation on {@code paths} that is done outside a transaction: locks the paths (against
   * transactions and other recordings), keeps their current content, and on {@link Recording#commit()} records
   * their new state. The operation itself is as crash-safe as the code that does it. Paths must be regular files
   * or absent when recording begins (InvalidInputException otherwise); an after-state that is not a regular file is
   * recorded as absent (undo then refuses to touch it). Do not start other recordings or transactions on other
   * paths while holding one (lock order).
   */
  public Recording begin(String op, Collection<Path> paths) throws IOException {
    return new Recording(this, requireOp(op), paths);
  }

  /**
   * Starts a recorded atomic replace of {@code path}, the file {@code name} in the open directory {@code dir}: locks
   * the path and keeps its current content; the caller commits an {@link dev.safefs.write.AtomicWriter} on the same
   * file with the returned hook, then calls {@link RecordedReplace#finish()}. See {@link RecordedReplace}.
   */
  public RecordedReplace replace(String op, Path path, Dir dir, String name) throws IOException {
    return new RecordedReplace(this, requireOp(op), path, dir, name, false);
  }

  /**
   * As {@link #replace}, for a caller that reads the whole current content anyway and hashes it (a streamed edit of
   * a huge file): the content is kept by a hard link to its inode without being read here, and the caller hands over
   * its hash with {@link RecordedReplace#beforeRead} before the commit. Where no link can be made (other names on the
   * inode, another filesystem) the content is hashed and copied here as by {@link #replace}.
   */
  public RecordedReplace replaceHashedByCaller(String op, Path path, Dir dir, String name) throws IOException {
    return new RecordedReplace(this, requireOp(op), path, dir, name, true);
  }

  /** Runs {@code action} as a recorded operation on {@code paths}; nothing is recorded when it throws. */
  public JournalEntry record(String op, Collection<Path> paths, IoAction action) throws IOException {
    try (Recording rec = begin(op, paths)) {
      action.run();
      return rec.commit();
    }
  }

  /** A recording in progress: see {@link Journal#begin}. */
  public static final class Recording implements AutoCloseable {
    private final Journal j;
    private final String op;
    private final String id = newId();
    private final Map<Path, String> before = new LinkedHashMap<>();
    private final Map<Path, Integer> beforeMode = new HashMap<>();
    private final TxLocks.Held held;
    private boolean gcHeld;
    private boolean done;

    private Recording(Journal j, String op, Collection<Path> paths) throws IOException {
      this.j = j;
      this.op = op;
      TreeSet<String> keys = new TreeSet<>();
      List<Path> abs = new ArrayList<>();
      for (Path p : paths) {
        Path a = p.toAbsolutePath().normalize();
        if (a.getParent() == null) {
          throw new InvalidInputException(op, p, "is not a file path");
        }
        abs.add(a);
        keys.add(TxLocks.key(a));
      }
      this.held = j.lockFor(keys);
      try {
        j.gc.lockShared();
        gcHeld = true;
        for (Path a : abs) {
          before.put(a, j.snapshot(a, true));
          beforeMode.put(a, j.modeOf(a));
        }
        j.blobs.syncDir();
      } catch (IOException e) {
        release(e);
        throw SafeFsException.wrap(op, null, "record before-state", e);
      } catch (RuntimeException e) {
        release(e);
        throw e;
      }
    }

    /** Records the paths' current state as the operation's after-state; durable when this returns. */
    public JournalEntry commit() throws IOException {
      if (done) {
        throw new IllegalStateException("recording already finished");
      }
      List<Step> steps = new ArrayList<>();
      try {
        for (Map.Entry<Path, String> e : before.entrySet()) {
          steps.add(new Step.State(e.getKey(), e.getValue(), j.snapshot(e.getKey(), false),
              beforeMode.get(e.getKey())));
        }
        Instant time = Instant.now();
        byte[] data = IntentRecord.whole(id, time, op, null, steps);
        j.writeEntry(id, data);
        release(null);
        j.enforceRetention(data.length);
        return IntentRecord.entryOf(id, time, op, null, steps);
      } catch (IOException e) {
        release(e);
        throw SafeFsException.wrap(op, null, "record", e);
      }
    }

    private void release(Throwable primary) {
      if (done) {
        return;
      }
      done = true;
      try {
        if (gcHeld) {
          j.gc.unlockShared();
        }
      } catch (IOException e) {
        if (primary != null) {
          primary.addSuppressed(e);
        }
      }
      try {
        held.close();
      } catch (IOException e) {
        if (primary != null) {
          primary.addSuppressed(e);
        }
      }
    }

    /** Without a commit: records nothing and releases the paths. */
    @Override
    public void close() {
      release(null);
    }
  }

  /** The permission bits of a path, or -1 when it does not exist. */
  int modeOf(Path path) throws IOException {
    try (Dir d = os.openDir(path.getParent())) {
      return os.stat(d, path.getFileName().toString(), false).mode();
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  /** The SHA-256 of a path's content (storing it as a blob when {@code store}), or null when it does not exist. */
  String snapshot(Path path, boolean store) throws IOException {
    Dir d;
    try {
      d = os.openDir(path.getParent());
    } catch (NoSuchFileException e) {
      return null;
    }
    try (d) {
      String name = path.getFileName().toString();
      FileStat st;
      try {
        st = os.stat(d, name, false);
      } catch (NoSuchFileException e) {
        return null;
      }
      if (!st.isRegularFile()) {
        if (store) {
          throw new InvalidInputException("record", path, "is not a regular file: only files can be recorded");
        }
        return null; // an after-state that is no file (a directory made by the operation): nothing to hash
      }
      if (store) {
        return blobs.store(d, name);
      }
      try (FileHandle fh = os.open(d, name, Os.Access.READ, false)) {
        return Hashes.sha256(fh);
      }
    }
  }

  /** Writes a whole journal entry durably: temp, fsync, rename, fsync of the journal directory. */
  void writeEntry(String id, byte[] data) throws IOException {
    String tmp = "." + id + ".new";
    try (FileHandle fh = os.createExclusive(journalDir, tmp, 0600)) {
      fh.write(data, 0, data.length);
      fh.fsync();
    }
    os.rename(journalDir, tmp, journalDir, id + ENTRY, false);
    os.fsync(journalDir);
  }

  // ---- ids and intent files

  /** A new id: time in microseconds (base 36, fixed width, so ids sort by time), pid, random. */
  static String newId() {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    long m = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, micros));
    String t = Long.toString(m, 36);
    t = "0".repeat(Math.max(0, 11 - t.length())) + t;
    return t + "-" + PID36 + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** The pid embedded in an id, or -1. */
  static long pidOf(String id) {
    String[] parts = id.split("-");
    try {
      return parts.length == 3 ? Long.parseLong(parts[1], 36) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The record a transaction appends to while it stages, flocked while its transaction lives. */
  static final class IntentFile implements AutoCloseable {
    final String id;
    final FileHandle fh;
    final MessageDigest digest = Hashes.sha256();
    long size;

    IntentFile(String id, FileHandle fh) {
      this.id = id;
      this.fh = fh;
    }

    void append(String text) throws IOException {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      fh.write(b, 0, b.length);
      digest.update(b);
      size += b.length;
    }

    /** Appends the checksum line and makes the whole record durable (the file; the caller syncs the directory). */
    void seal(String steps) throws IOException {
      byte[] b = steps.getBytes(StandardCharsets.UTF_8);
      digest.update(b);
      byte[] sum = IntentRecord.sumLine(digest).getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[b.length + sum.length];
      System.arraycopy(b, 0, all, 0, b.length);
      System.arraycopy(sum, 0, all, b.length, sum.length);
      fh.write(all, 0, all.length);
      size += all.length;
      fh.fsync();
    }

    @Override
    public void close() throws IOException {
      fh.close();
    }
  }

  /**
   * Creates {@code tx/<id>.intent} already locked: it is created under a hidden name, flocked, and only then given
   * its name, so that recovery never sees an intent whose live owner has not locked it yet.
   */
  IntentFile createIntent(String id, String header) throws IOException {
    String tmp = "." + id + ".new";
    FileHandle fh = os.createExclusive(txDir, tmp, 0600);
    try {
      fh.lock(LockMode.EXCLUSIVE, true);
      os.rename(txDir, tmp, txDir, id + INTENT, true);
      IntentFile f = new IntentFile(id, fh);
      f.append(header);
      return f;
    } catch (IOException | RuntimeException e) {
      fh.close();
      try {
        os.unlink(txDir, tmp);
      } catch (IOException ignored) {
        // renamed already: the caller's abort removes the intent
      }
      throw e;
    }
  }

  /** Marks a finished transaction done: recorded ones move into the journal, the others are removed. */
  void markDone(String id, boolean recorded) throws IOException {
    if (recorded) {
      os.rename(txDir, id + INTENT, journalDir, id + ENTRY, false);
    } else {
      os.unlink(txDir, id + INTENT);
    }
  }

  // ---- locking and recovery

  /**
   * Takes the path locks of {@code keys}. A durable intent of a dead transaction that touches one of them is
   * finished first (while its paths are locked), so no transaction ever starts from a half-applied state.
   */
  TxLocks.Held lockFor(Set<String> keys) throws IOException {
    TreeSet<String> want = new TreeSet<>(keys);
    while (true) {
      TxLocks.Held held = locks.acquire(want);
      try {
        List<IntentRecord.Parsed> dead = new ArrayList<>();
        Set<String> extra = new TreeSet<>();
        for (String name : listIntents()) {
          String id = name.substring(0, name.length() - INTENT.length());
          if (LIVE.contains(id)) {
            continue;
          }
          IntentRecord.Parsed p;
          try {
            p = IntentRecord.parse(readAll(txDir, name));
          } catch (NoSuchFileException e) {
            continue;
          }
          if (!p.complete()) {
            continue; // nothing of it was applied: recovery discards it later
          }
          Set<String> its = keysOf(p);
          if (its.stream().anyMatch(want::contains)) {
            dead.add(p);
            its.stream().filter(k -> !want.contains(k)).forEach(extra::add);
          }
        }
        if (extra.isEmpty()) {
          for (IntentRecord.Parsed p : dead) {
            finishLocked(p, new ArrayList<>(), new ArrayList<>());
          }
          return held;
        }
        want.addAll(extra);
      } catch (IOException | RuntimeException e) {
        held.close();
        throw e;
      }
      held.close();
    }
  }

  private static Set<String> keysOf(IntentRecord.Parsed p) {
    Set<String> keys = new TreeSet<>();
    for (PathChange c : p.changes()) {
      keys.add(TxLocks.key(c.path()));
    }
    return keys;
  }

  private List<String> listIntents() throws IOException {
    List<String> names = new ArrayList<>();
    listFresh(txDir, e -> {
      if (e.name().endsWith(INTENT) && !e.name().startsWith(".")) {
        names.add(e.name());
      }
    });
    names.sort(null);
    return names;
  }

  /**
   * Finishes or discards every transaction that a crash interrupted: a complete (checksummed, durable) intent is
   * rolled forward step by step, skipping what was done; an incomplete one is discarded with its staged temps.
   * Transactions still in flight (here or in another process) are left alone.
   */
  public RecoveryReport recover() throws IOException {
    List<String> forward = new ArrayList<>();
    List<String> discarded = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    listFresh(txDir, e -> {
      if (e.name().startsWith(".") && e.name().endsWith(".new")) {
        stale.add(e.name());
      }
    });
    for (String name : stale) {
      long pid = pidOf(name.substring(1, name.length() - 4));
      boolean dead = pid > 0 && pid != ProcessHandle.current().pid()
          && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
      if (dead) {
        try {
          os.unlink(txDir, name);
        } catch (NoSuchFileException e) {
          // gone
        }
      }
    }
    recoverPending(forward, discarded, problems);
    for (String name : listIntents()) {
      String id = name.substring(0, name.length() - INTENT.length());
      if (LIVE.contains(id)) {
        continue;
      }
      try {
        IntentRecord.Parsed p = IntentRecord.parse(readAll(txDir, name));
        if (p.complete()) {
          try (TxLocks.Held _ = locks.acquire(new TreeSet<>(keysOf(p)))) {
            finishLocked(p, forward, problems);
          }
        } else {
          discard(id, p, discarded, problems);
        }
      } catch (NoSuchFileException e) {
        // finished by its owner or another recoverer meanwhile
      } catch (IOException e) {
        problems.add("transaction " + id + ": " + e.getMessage());
      }
    }
    return new RecoveryReport(forward, discarded, problems);
  }

  /** The ids of the pending records of recorded replaces ({@code blobs/.<id>.pending}). */
  private List<String> pendingIds() throws IOException {
    List<String> ids = new ArrayList<>();
    listFresh(blobs.dir(), e -> {
      String id = RecordedReplace.idOfPending(e.name());
      if (id != null) {
        ids.add(id);
      }
    });
    ids.sort(null);
    return ids;
  }

  /** Whether the owner of an id (its pid) may still be at work on it: in flight here, or its process alive. */
  private static boolean inFlight(String id) {
    long pid = pidOf(id);
    return LIVE.contains(id) || (pid != ProcessHandle.current().pid() && pid > 0
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /**
   * Settles the pending records of recorded replaces that a crash interrupted (see {@link RecordedReplace}): one
   * whose change is visible (the file holds its after-content, or a later record of the path starts from it) becomes
   * a journal entry; one whose rename never happened, or that is torn, is removed with its blob link temp. Blob link
   * temps of dead replaces that never wrote a record are removed too.
   */
  private void recoverPending(List<String> forward, List<String> discarded, List<String> problems)
      throws IOException {
    for (String id : pendingIds()) {
      if (inFlight(id)) {
        continue;
      }
      String name = RecordedReplace.pendingName(id);
      String link = RecordedReplace.linkName(id);
      try {
        IntentRecord.Parsed p = IntentRecord.parse(readAll(blobs.dir(), name));
        if (!p.complete()) {
          unlinkQuietly(blobs.dir(), name); // its rename may have happened, unrecorded; nothing can be undone
          unlinkQuietly(blobs.dir(), link);
          discarded.add(id + " (" + p.problem() + ")");
          continue;
        }
        try (TxLocks.Held _ = locks.acquire(new TreeSet<>(keysOf(p)))) {
          if (applied(p)) {
            for (PathChange c : p.changes()) {
              if (c.before() != null && !blobs.exists(c.before())) {
                try {
                  os.rename(blobs.dir(), link, blobs.dir(), c.before(), true);
                } catch (NoSuchFileException | FileAlreadyExistsException e) {
                  // the same content stored since
                }
              }
            }
            unlinkQuietly(blobs.dir(), link);
            os.fsync(blobs.dir());
            os.rename(blobs.dir(), name, journalDir, id + ENTRY, false);
            os.fsync(journalDir);
            forward.add(id);
          } else {
            unlinkQuietly(blobs.dir(), name);
            unlinkQuietly(blobs.dir(), link);
            discarded.add(id + " (its change was never published)");
          }
          os.fsync(blobs.dir());
        }
      } catch (NoSuchFileException e) {
        // finished meanwhile
      } catch (IOException e) {
        problems.add("recorded replace " + id + ": " + e.getMessage());
      }
    }
    List<String> linkIds = new ArrayList<>();
    listFresh(blobs.dir(), e -> {
      String id = RecordedReplace.idOfLink(e.name());
      if (id != null) {
        linkIds.add(id);
      }
    });
    for (String id : linkIds) {
      if (!inFlight(id)) {
        unlinkQuietly(blobs.dir(), RecordedReplace.linkName(id)); // linked, then killed before its record was written
      }
    }
  }

  /**
   * Whether the change of a pending record took place: each path holds its after-content, or a later record of the
   * same path (pending or entry) starts from that content, so the change was seen before the file moved on.
   */
  private boolean applied(IntentRecord.Parsed p) throws IOException {
    for (PathChange c : p.changes()) {
      if (java.util.Objects.equals(snapshot(c.path(), false), c.after())) {
        continue;
      }
      if (!startsLater(p.id(), c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a record later than {@code id}, pending or an entry, changes {@code c}'s path from {@code c}'s after. */
  private boolean startsLater(String id, PathChange c) throws IOException {
    for (String later : pendingIds()) {
      if (later.compareTo(id) > 0 && startsFrom(blobs.dir(), RecordedReplace.pendingName(later), c)) {
        return true;
      }
    }
    for (String later : entryIds()) {
      if (later.compareTo(id) > 0 && startsFrom(journalDir, later + ENTRY, c)) {
        return true;
      }
    }
    return false;
  }

  private boolean startsFrom(Dir dir, String name, PathChange c) throws IOException {
    IntentRecord.Parsed q;
    try {
      q = IntentRecord.parse(readAll(dir, name));
    } catch (NoSuchFileException e) {
      return false;
    }
    return q.complete() && q.changes().stream().anyMatch(
        d -> d.path().equals(c.path()) && java.util.Objects.equals(d.before(), c.after()));
  }

  /** Rolls a complete intent forward; the caller holds its path locks. */
  private void finishLocked(IntentRecord.Parsed p, List<String> forward, List<String> problems) throws IOException {
    String name = p.id() + INTENT;
    FileHandle fh;
    try {
      fh = os.open(txDir, name, Os.Access.READ_WRITE, false);
    } catch (NoSuchFileException e) {
      return;
    }
    try (fh) {
      if (!fh.lock(LockMode.EXCLUSIVE, false)) {
        return; // its owner is alive, or another process recovers it
      }
      try {
        os.stat(txDir, name, false);
      } catch (NoSuchFileException e) {
        return; // finished while we waited
      }
      try (Redo redo = new Redo(os, Map.of())) {
        redo.apply(p.steps(), true);
        redo.syncDirs();
        for (String problem : redo.problems()) {
          problems.add("transaction " + p.id() + ": " + problem);
        }
      }
      markDone(p.id(), p.recorded());
      os.fsync(txDir);
      forward.add(p.id());
    }
  }

  private void discard(String id, IntentRecord.Parsed p, List<String> discarded, List<String> problems)
      throws IOException {
    FileHandle fh = os.open(txDir, id + INTENT, Os.Access.READ_WRITE, false);
    try (fh) {
      if (!fh.lock(LockMode.EXCLUSIVE, false)) {
        return; // alive: still staging
      }
      removeTemps(id, p.temps(), problems);
      os.unlink(txDir, id + INTENT);
      discarded.add(id + " (" + p.problem() + ")");
    }
  }

  void removeTemps(String id, List<IntentRecord.TempRef> temps, List<String> problems) {
    String suffix = "." + id + TX_TEMP;
    for (IntentRecord.TempRef t : temps) {
      if (!t.name().endsWith(suffix)) {
        problems.add("transaction " + id + ": ignored temp name " + t.name());
        continue;
      }
      try (Dir d = os.openDir(t.dir())) {
        os.unlink(d, t.name());
      } catch (NoSuchFileException e) {
        // never created, or gone
      } catch (IOException e) {
        problems.add(t.dir().resolve(t.name()) + ": " + e.getMessage());
      }
    }
  }

  /**
   * Lists a directory through a fresh descriptor: getdents reads on from a descriptor's position, so a shared
   * directory handle can be listed only once (and not by two threads at a time).
   */
  private void listFresh(Dir dir, java.util.function.Consumer<DirEntry> sink) throws IOException {
    try (Dir fresh = os.openDir(dir.path())) {
      os.list(fresh, sink);
    }
  }

  private static final int MAX_RECORD = Integer.MAX_VALUE - 16;

  byte[] readAll(Dir dir, String name) throws IOException {
    try (FileHandle fh = os.open(dir, name, Os.Access.READ, false)) {
      long size = fh.stat().size();
      byte[] data = size <= MAX_RECORD ? fh.readAll(size, MAX_RECORD) : null; // not read when too large at once
      if (data == null || data.length > MAX_RECORD) {
        throw new IOException(name + ": too large for a record");
      }
      return data;
    }
  }

  // ---- history

  private List<String> entryIds() throws IOException {
    List<String> ids = new ArrayList<>();
    listFresh(journalDir, e -> {
      if (e.name().endsWith(ENTRY) && !e.name().startsWith(".")) {
        ids.add(e.name().substring(0, e.name().length() - ENTRY.length()));
      }
    });
    ids.sort(null);
    return ids;
  }

  /**
   * Recorded operations, newest first: at most {@code limit} (0: all), only those touching {@code under} (a file,
   * or a directory and everything below it) when it is given. Damaged entries are reported in
   * {@link History#problems()} and skipped.
   */
  public History history(int limit, Path under) throws IOException {
    Path filter = under == null ? null : under.toAbsolutePath().normalize();
    List<String> ids = entryIds();
    List<JournalEntry> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = ids.size() - 1; i >= 0 && (limit <= 0 || out.size() < limit); i--) {
      String id = ids.get(i);
      IntentRecord.Parsed p;
      try {
        p = IntentRecord.parse(readAll(journalDir, id + ENTRY));
      } catch (NoSuchFileException e) {
        continue; // dropped by retention meanwhile
      }
      if (!p.complete() || !id.equals(p.id())) {
        problems.add("journal entry " + id + " is damaged (" + (p.complete() ? "id mismatch" : p.problem())
            + "): skipped");
        continue;
      }
      JournalEntry e = p.entry();
      if (filter == null || e.paths().stream().anyMatch(x -> x.startsWith(filter))) {
        out.add(e);
      }
    }
    return new History(out, problems);
  }

  private static final java.util.regex.Pattern ENTRY_ID =
      java.util.regex.Pattern.compile("[0-9a-z]+-[0-9a-z]+-[0-9a-f]+");

  /** One recorded operation; empty when it does not exist; NotFound-free, damaged entries throw. */
  public Optional<JournalEntry> entry(String id) throws IOException {
    if (id == null || !ENTRY_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    IntentRecord.Parsed p;
    try {
      p = IntentRecord.parse(readAll(journalDir, id + ENTRY));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!p.complete() || !id.equals(p.id())) {
      throw new dev.safefs.IoFailureException("undo", null,
          "journal entry " + id + " is damaged (" + p.problem() + "): refusing to use it");
    }
    return Optional.of(p.entry());
  }

  // ---- undo

  /**
   * Restores the before-state of operation {@code id} (null: the newest one) as one recorded transaction. Refuses,
   * naming the files, when a file is no longer in the state the operation left it in, unless {@code force}.
   */
  public TxResult undo(String id, boolean force) throws IOException {
    JournalEntry e;
    if (id == null) {
      List<String> ids = entryIds();
      if (ids.isEmpty()) {
        throw new NotFoundException("undo", null, "the journal has no operation to undo");
      }
      e = entry(ids.getLast()).orElseThrow(() -> new NotFoundException("undo", null, "the newest operation is gone"));
    } else {
      e = entry(id).orElseThrow(() -> new NotFoundException("undo", null, "no operation " + id + " in the journal"));
    }
    return restore(List.of(e), e.id(), force);
  }

  /** Undoes every operation recorded after {@code id} (not {@code id} itself), as one transaction. */
  public TxResult undoAfter(String id, boolean force) throws IOException {
    entry(id).orElseThrow(() -> new NotFoundException("undo", null, "no operation " + id + " in the journal"));
    List<JournalEntry> newer = new ArrayList<>();
    History h = history(0, null);
    if (!h.problems().isEmpty()) {
      throw new dev.safefs.IoFailureException("undo", null,
          "damaged journal entries in the range: " + String.join("; ", h.problems()));
    }
    for (JournalEntry e : h.entries()) {
      if (e.id().compareTo(id) > 0) {
        newer.add(e);
      }
    }
    if (newer.isEmpty()) {
      throw new NotFoundException("undo", null, "no operation after " + id);
    }
    return restore(newer.reversed(), "after " + id, force);
  }

  /** {@code oldestFirst}: the operations to undo; each path goes back to its state before the oldest of them. */
  private TxResult restore(List<JournalEntry> oldestFirst, String label, boolean force) throws IOException {
    Map<Path, String[]> states = new LinkedHashMap<>();
    Map<Path, Integer> modes = new HashMap<>();
    for (JournalEntry e : oldestFirst) {
      for (PathChange c : e.changes()) {
        String[] s = states.get(c.path());
        if (s == null) {
          states.put(c.path(), new String[] {c.before(), c.after()});
          modes.put(c.path(), c.beforeMode());
        } else {
          s[1] = c.after();
        }
      }
    }
    String undoes = oldestFirst.size() == 1 ? oldestFirst.getFirst().id() : label;
    try (Transaction tx = new Transaction(this, "undo", undoes)) {
      for (Map.Entry<Path, String[]> s : states.entrySet()) {
        String before = s.getValue()[0];
        String after = s.getValue()[1];
        String expect = force ? null : (after == null ? Transaction.ABSENT : after);
        if (before == null) {
          tx.deleteExpecting(s.getKey(), expect, true);
        } else {
          if (!blobs.exists(before)) {
            throw new dev.safefs.IoFailureException("undo", s.getKey(),
                "the journal no longer holds its content from before " + undoes);
          }
          tx.restore(s.getKey(), blobs, before, expect, modes.get(s.getKey()));
        }
      }
      tx.conflictLabel("changed since " + undoes + " (use --force to overwrite)");
      return tx.commit();
    }
  }

  // ---- retention

  /** Journal entries and blobs with their sizes, as listed at one moment. */
  private record Usage(List<String> ids, Map<String, Long> entrySize, Map<String, Long> blobSize, List<String> temps,
      long total) {}

  private Usage usage() throws IOException {
    List<String> ids = entryIds();
    Map<String, Long> entrySize = new HashMap<>();
    long total = 0;
    for (String id : ids) {
      long s = sizeOfImmutable(journalDir, id + ENTRY);
      entrySize.put(id, s);
      total += s;
    }
    Map<String, Long> blobSize = new HashMap<>();
    List<String> temps = new ArrayList<>();
    listFresh(blobs.dir(), e -> {
      if (e.name().startsWith(BlobStore.TEMP_PREFIX)) {
        temps.add(e.name());
      } else if (Hashes.isSha256(e.name())) {
        blobSize.put(e.name(), 0L);
      }
    });
    for (Map.Entry<String, Long> b : blobSize.entrySet()) {
      long s = sizeOfImmutable(blobs.dir(), b.getKey());
      b.setValue(s);
      total += s;
    }
    return new Usage(ids, entrySize, blobSize, temps, total);
  }

  /**
   * This JVM's running estimate of the journal's size (entries and bytes), so that an operation need not list and
   * stat the whole journal to learn that it is still within its retention: the last full count plus what this JVM
   * added since. Other processes add to the journal too, so the count is redone after every tenth of either limit
   * added here, and whenever the estimate reaches a limit.
   */
  private static final class UsageEstimate {
    private long ops = -1;
    private long bytes;
    private long opsSince;
    private long bytesSince;

    /** Adds one operation; true when the estimate is recent and within {@code r}, so no count is needed. */
    synchronized boolean addAndFits(long added, Retention r) {
      if (ops < 0) {
        return false;
      }
      ops++;
      bytes += added;
      opsSince++;
      bytesSince += added;
      return opsSince < r.maxOps() / 10 && bytesSince < r.maxBytes() / 10 && ops <= r.maxOps()
          && bytes <= r.maxBytes();
    }

    synchronized void counted(long countedOps, long countedBytes) {
      ops = countedOps;
      bytes = countedBytes;
      opsSince = 0;
      bytesSince = 0;
    }
  }

  /**
   * Drops the oldest operations until the journal is within its retention, then the contents no remaining entry or
   * in-flight record needs. The newest operation is never dropped: one bigger than the whole byte limit (a recorded
   * edit of a huge file) stays until the next one is recorded. Once over a limit it goes down to 90% of it, so that
   * collection runs once in a while rather than at every operation. {@code entryBytes}: the size of the entry just
   * added (its new blobs are counted by the blob store).
   */
  void enforceRetention(long entryBytes) throws IOException {
    Retention r = retention;
    if (usage.addAndFits(entryBytes + blobs.takeStoredBytes(), r)) {
      return;
    }
    Usage quick = usage();
    usage.counted(quick.ids().size(), quick.total());
    if (quick.ids().size() <= r.maxOps() && quick.total() <= r.maxBytes()) {
      return;
    }
    long opsTarget = Math.max(1, Math.min(r.maxOps(), r.maxOps() - r.maxOps() / 10));
    long bytesTarget = r.maxBytes() - r.maxBytes() / 10;
    gc.lockExclusive();
    try {
      // In-flight records first, then the journal: a record only ever moves from tx/ to journal/, so one that
      // moves meanwhile is seen in one of the two listings.
      Map<String, Integer> refCount = new HashMap<>();
      for (String name : listIntents()) {
        try {
          for (String h : beforeHashes(IntentRecord.parse(readAll(txDir, name)))) {
            refCount.merge(h, 1, Integer::sum);
          }
        } catch (NoSuchFileException e) {
          // finished meanwhile: now in the journal
        }
      }
      List<String> pending = pendingIds();
      for (String pid : pending) {
        try {
          for (String h : beforeHashes(IntentRecord.parse(readAll(blobs.dir(), RecordedReplace.pendingName(pid))))) {
            refCount.merge(h, 1, Integer::sum);
          }
        } catch (NoSuchFileException e) {
          // published meanwhile: its entry is listed next
        }
      }
      Usage u = usage();
      Map<String, Set<String>> refsOf = new HashMap<>();
      for (String id : u.ids()) {
        Set<String> refs;
        try {
          refs = entryRefs.get(id);
          if (refs == null) {
            refs = beforeHashes(IntentRecord.parse(readAll(journalDir, id + ENTRY)));
            entryRefs.put(id, refs);
          }
        } catch (NoSuchFileException e) {
          refs = Set.of();
        }
        refsOf.put(id, refs);
        for (String h : refs) {
          refCount.merge(h, 1, Integer::sum);
        }
      }
      long remaining = u.total();
      int drop = 0;
      Set<String> freed = new HashSet<>();
      // the newest operation always stays, even alone over the byte limit: what was just recorded can be undone
      while (drop < u.ids().size() - 1 && (u.ids().size() - drop > opsTarget || remaining > bytesTarget)) {
        String id = u.ids().get(drop++);
        remaining -= u.entrySize().get(id);
        for (String h : refsOf.get(id)) {
          if (refCount.merge(h, -1, Integer::sum) == 0 && u.blobSize().containsKey(h) && freed.add(h)) {
            remaining -= u.blobSize().get(h);
          }
        }
      }
      for (int i = 0; i < drop; i++) {
        unlinkQuietly(journalDir, u.ids().get(i) + ENTRY);
        entryRefs.remove(u.ids().get(i));
      }
      entryRefs.keySet().retainAll(new HashSet<>(u.ids()));
      usage.counted(u.ids().size() - drop, remaining);
      for (String b : u.blobSize().keySet()) {
        if (refCount.getOrDefault(b, 0) <= 0) {
          unlinkQuietly(blobs.dir(), b); // freed now, or left unreferenced by an earlier crash
        }
      }
      Set<String> pendingLinks = new HashSet<>();
      for (String pid : pending) {
        pendingLinks.add(RecordedReplace.linkName(pid)); // recovery names it: it may be the only copy
      }
      for (String t : u.temps()) {
        if (!pendingLinks.contains(t)) {
          unlinkQuietly(blobs.dir(), t); // no recorder is between storing and its record while we hold the lock
        }
      }
    } finally {
      gc.unlockExclusive();
    }
  }

  private static Set<String> beforeHashes(IntentRecord.Parsed p) {
    Set<String> refs = new HashSet<>();
    for (PathChange c : p.changes()) {
      if (c.before() != null) {
        refs.add(c.before());
      }
    }
    return refs;
  }

  private long size(Dir dir, String name) throws IOException {
    try {
      return os.stat(dir, name, false).size();
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** The size of a journal entry or blob: both are never changed once named, so a size is looked up once. */
  private long sizeOfImmutable(Dir dir, String name) throws IOException {
    Long known = knownSizes.get(name);
    if (known != null) {
      return known;
    }
    long s;
    try {
      s = os.stat(dir, name, false).size();
    } catch (NoSuchFileException e) {
      return 0; // gone meanwhile (not remembered: the same hash may be stored again)
    }
    if (knownSizes.size() > 100_000) {
      knownSizes.clear();
    }
    knownSizes.put(name, s);
    return s;
  }

  private void unlinkQuietly(Dir dir, String name) throws IOException {
    try {
      os.unlink(dir, name);
    } catch (NoSuchFileException e) {
      // gone already
    }
  }

  static ConflictException conflict(String op, String label, List<String> what) {
    return new ConflictException(op, null, label + ": " + String.join(", ", what));
  }
}
