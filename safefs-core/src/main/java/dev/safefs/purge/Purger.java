package dev.safefs.purge;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;
import dev.safefs.os.LockMode;
import dev.safefs.os.NameSink;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Removes old files under a root, the way tmpreaper and systemd-tmpfiles do it: never following a symlink, never
 * leaving the root's filesystem, removing only regular files (and, on request, directories it leaves empty).
 *
 * <p>Three phases. The walk lists every directory through a descriptor opened relative to its parent with
 * O_NOFOLLOW|O_DIRECTORY and lstats the files that match; the decision applies the rules (age, newest-N per
 * directory, size cap) and skips files a writer holds an flock on; only with {@code apply} are the chosen files
 * removed, each with unlinkat relative to a directory descriptor reopened from the root one component at a time
 * (O_NOFOLLOW, and the same inode and device as in the walk), after taking LOCK_EX|LOCK_NB on the file and checking
 * it is still the file the walk saw. A directory swapped for a symlink at any moment therefore cannot redirect a
 * delete outside the root: the symlink is refused, never followed. The dry run runs the same walk and decision, so
 * it reports exactly what the apply would remove (on an unchanged tree; permission to unlink is known only when
 * tried, and is then reported as a skip).
 *
 * <p>Files a writer holds an flock on are skipped: in the decision by the kernel's lock table ({@code /proc/locks},
 * or a LOCK_NB probe when it cannot be read), and again by the LOCK_EX|LOCK_NB taken before each unlink.
 *
 * <p>The portable layer works by path and cannot close the symlink race; it is refused unless
 * {@link PurgeOptions#allowInsecure()} says otherwise (Guava's MoreFiles takes the same stance).
 */
public final class Purger {

  private static final String OP = "purge";

  private final Os os;

  public Purger(Os os) {
    this.os = os;
  }

  public static PurgeReport purge(Path root, PurgeOptions options) throws IOException {
    return new Purger(Os.get()).run(root, options, new PurgeProgress());
  }

  // ---- the model the walk builds

  static final class Node {
    final Node parent;
    final String name;
    final String rel; // "" for the root, else "a/b"
    final long inode;
    final List<Candidate> candidates = new ArrayList<>();
    final List<Node> children = new ArrayList<>();
    int entries;
    int removedEntries;
    boolean complete = true; // listed fully, so "empty" can be decided

    Node(Node parent, String name, long inode) {
      this.parent = parent;
      this.name = name;
      this.rel = parent == null ? "" : parent.rel.isEmpty() ? name : parent.rel + "/" + name;
      this.inode = inode;
    }
  }

  static final class Candidate {
    final Node dir;
    final String name;
    final long size;
    final long time;
    final long inode;
    final long device;
    boolean kept;
    boolean selected;
    boolean removed;
    /** Its line of the report, made by the worker that settled its directory (null: made when the report is). */
    PurgeReport.Removed report;

    Candidate(Node dir, String name, FileStat st, PurgeOptions.TimeField field) {
      this.dir = dir;
      this.name = name;
      this.size = st.size();
      Instant t = switch (field) {
        case MTIME -> st.modified();
        case ATIME -> st.accessed();
        case CTIME -> st.changed();
      };
      this.time = t.getEpochSecond() * 1_000_000_000L + t.getNano();
      this.inode = st.inode();
      this.device = st.device();
    }
  }

  /**
   * One purge. {@code local}: no rule needs the whole tree (no size cap), so each directory's decision is final once
   * it is listed, and its files are removed right then through the descriptor the walk holds. {@code byteGlobs}: every
   * glob can be matched on a name's bytes, so a name that matches none never becomes a String.
   */
  private record Run(Path root, PurgeOptions options, List<Glob> globs, List<Glob> protect, long rootDevice,
      PurgeProgress progress, ConcurrentLinkedQueue<PurgeReport.Skipped> skipped, FreshLocks locks, boolean local,
      boolean byteGlobs, boolean needPath) {}

  /**
   * The kernel's lock table, read again when older than {@link #MAX_AGE_NANOS}: a purge of a big tree takes seconds,
   * and a writer that locked a file meanwhile must still be seen before that file is removed.
   */
  private final class FreshLocks {
    private static final long MAX_AGE_NANOS = 100_000_000;
    private volatile LockTable table;
    private volatile long readAt;

    LockTable get() {
      if (table == null || System.nanoTime() - readAt > MAX_AGE_NANOS) {
        synchronized (this) {
          if (table == null || System.nanoTime() - readAt > MAX_AGE_NANOS) {
            table = LockTable.read(os);
            readAt = System.nanoTime();
          }
        }
      }
      return table;
    }
  }

  public PurgeReport run(Path root, PurgeOptions options, PurgeProgress progress) throws IOException {
    if (!options.hasCondition()) {
      throw new InvalidInputException(OP, root,
          "no condition given: say --older-than, --keep-newest or --max-total-size (a purge of everything is refused)");
    }
    if (!os.name().equals("linux") && !options.allowInsecure()) {
      throw new DeniedException(OP, root, "the portable OS layer has no directory descriptors, so a directory swapped"
          + " for a symlink mid-walk could redirect a delete outside the root; refused (allow it explicitly to go on)");
    }
    List<Glob> globs;
    List<Glob> protect;
    try {
      globs = compile(options.globs());
      protect = compile(options.protect());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(OP, root, e.getMessage());
    }
    Dir rootDir;
    FileStat rootStat;
    try {
      rootDir = os.openDir(root);
      rootStat = os.stat(rootDir);
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, root, "open root", e);
    }
    // Twice the cores: the walk is made of short system calls, and a worker waiting in join leaves its core idle.
    ForkJoinPool pool = new ForkJoinPool(Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
    try (rootDir) {
      boolean local = options.maxTotalSize() == null;
      boolean byteGlobs = !globs.isEmpty();
      boolean needPath = false;
      for (Glob g : globs) {
        byteGlobs &= g.matchesBytes();
        needPath |= g.needsPath();
      }
      for (Glob g : protect) {
        needPath |= g.needsPath();
      }
      Run run = new Run(root, options, globs, protect, rootStat.device(), progress, new ConcurrentLinkedQueue<>(),
          new FreshLocks(), local, byteGlobs, needPath);
      run.locks.get();
      if (local) {
        progress.applying = options.apply();
      }
      Node top = new Node(null, "", rootStat.inode());
      pool.invoke(new Walk(run, top, rootDir, false));
      List<Candidate> all = new ArrayList<>();
      collect(top, all);
      if (!local) {
        decide(run, top, all);
        if (options.apply()) {
          progress.applying = true;
          apply(run, pool, rootDir, all);
        }
      }
      if (!local && !options.apply()) {
        for (Candidate c : all) {
          if (c.selected) {
            c.dir.removedEntries++;
          }
        }
      }
      List<PurgeReport.Removed> removed = new ArrayList<>();
      report(run, top, removed);
      List<Path> removedDirs = new ArrayList<>();
      if (options.removeEmptyDirs()) {
        removeEmpty(run, rootDir, top, removedDirs);
      }
      List<PurgeReport.Skipped> skipped = new ArrayList<>(run.skipped);
      skipped.sort(Comparator.comparing(PurgeReport.Skipped::path));
      return new PurgeReport(!options.apply(), removed, removedDirs, skipped, progress.scanned());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Glob> compile(List<String> globs) {
    List<Glob> out = new ArrayList<>(globs.size());
    for (String g : globs) {
      out.add(Glob.compile(g));
    }
    return out;
  }

  private static Path path(Run run, Candidate c) {
    return run.root.resolve(c.dir.rel.isEmpty() ? c.name : c.dir.rel + "/" + c.name);
  }

  private static Path path(Run run, Node n) {
    return n.rel.isEmpty() ? run.root : run.root.resolve(n.rel);
  }

  /**
   * The files removed (or that would be) in path order, the byte order of {@link Path#compareTo}, without sorting
   * them all: each directory's files and subdirectories are already sorted by name, and are merged here with a
   * subdirectory's name compared as {@code name + "/"} (the next byte of its files' paths).
   */
  private static void report(Run run, Node node, List<PurgeReport.Removed> out) {
    List<Candidate> files = node.candidates;
    List<Node> dirs = node.children;
    int f = 0;
    int d = 0;
    while (f < files.size() || d < dirs.size()) {
      Candidate c = f < files.size() ? files.get(f) : null;
      if (c != null && !(run.options.apply() ? c.removed : c.selected)) {
        f++;
        continue;
      }
      if (c != null && (d == dirs.size() || NameOrder.compare(c.name, false, dirs.get(d).name, true) < 0)) {
        out.add(c.report != null ? c.report : new PurgeReport.Removed(path(run, c), c.size));
        f++;
      } else {
        report(run, dirs.get(d++), out);
      }
    }
  }

  private static void collect(Node n, List<Candidate> out) {
    out.addAll(n.candidates);
    for (Node c : n.children) {
      collect(c, out);
    }
  }

  // ---- walk

  /**
   * Lists one directory (its descriptor held open while its subdirectories are walked) and forks the subdirectories.
   * Entries come as name bytes: a file whose name no glob matches is counted and dropped without a String or a stat;
   * only the files that match are stat'ed, relative to the directory's descriptor and without following a link.
   */
  private final class Walk extends RecursiveAction implements NameSink {
    private final Run run;
    private final Node node;
    private final Dir dir;
    private final boolean closeDir;
    private final List<String> subdirs = new ArrayList<>();
    private List<String> untyped;
    private long files;

    Walk(Run run, Node node, Dir dir, boolean closeDir) {
      this.run = run;
      this.node = node;
      this.dir = dir;
      this.closeDir = closeDir;
    }

    @Override
    protected void compute() {
      try {
        walk();
      } finally {
        if (closeDir) {
          try {
            dir.close();
          } catch (IOException ignored) {
            // a close error on a read-only descriptor loses nothing
          }
        }
      }
    }

    private void walk() {
      try {
        os.listNames(dir, this);
      } catch (IOException e) {
        node.complete = false;
        node.candidates.clear(); // a directory not listed fully is left alone
        skip(run, path(run, node), e);
        return;
      }
      if (untyped != null) {
        for (String name : untyped) {
          try {
            FileStat st = os.stat(dir, name, false);
            if (st.type() == FileType.DIRECTORY) {
              subdirs.add(name);
            } else if (st.type() == FileType.FILE) {
              files++;
              consider(name, st, false);
            }
          } catch (NoSuchFileException gone) {
            node.entries--; // removed by someone else meanwhile
          } catch (IOException ex) {
            node.complete = false;
            skip(run, path(run, node).resolve(name), ex);
          }
        }
      }
      List<Walk> subs = new ArrayList<>(subdirs.size());
      for (String name : subdirs) {
        try {
          Walk w = openChild(name);
          if (w != null) {
            subs.add(w);
          } else {
            node.complete = false;
          }
        } catch (IOException ex) {
          node.complete = false;
          skip(run, path(run, node).resolve(name), ex);
        }
      }
      run.progress.scanned.addAndGet(files); // once per directory: a shared counter per file would bounce
      node.children.sort(NameOrder.DIRECTORIES);
      node.candidates.sort(NameOrder.FILES);
      decideDirectory(run, node);
      if (run.local) {
        settle();
      }
      if (!subs.isEmpty()) {
        invokeAll(subs);
      }
    }

    @Override
    public void entry(byte[] b, int off, int len, FileType type) {
      node.entries++;
      switch (type) {
        case DIRECTORY -> subdirs.add(new String(b, off, len, StandardCharsets.UTF_8));
        case FILE -> {
          files++;
          if (!run.byteGlobs || anyMatchBytes(run.globs, b, off, len)) {
            consider(new String(b, off, len, StandardCharsets.UTF_8), null, run.byteGlobs);
          }
        }
        case UNKNOWN -> {
          if (untyped == null) {
            untyped = new ArrayList<>();
          }
          untyped.add(new String(b, off, len, StandardCharsets.UTF_8));
        }
        default -> { } // symlinks, fifos, sockets, devices: never touched
      }
    }

    /**
     * A regular file by its directory entry: a candidate when the globs take it (already known when they were matched
     * on its bytes, which is exact) and it is on the root's device.
     */
    private void consider(String name, FileStat st, boolean globsMatched) {
      String rel = run.needPath ? (node.rel.isEmpty() ? name : node.rel + "/" + name) : null;
      if ((!globsMatched && !matches(run.globs, rel, name, true)) || matches(run.protect, rel, name, false)) {
        return;
      }
      try {
        if (st == null) {
          st = os.stat(dir, name, false);
        }
        if (!st.isRegularFile()) {
          return;
        }
        if (st.device() != run.rootDevice) {
          run.skipped.add(new PurgeReport.Skipped(path(run, node).resolve(name),
              "on another filesystem (a mount point): not crossed"));
          return;
        }
        node.candidates.add(new Candidate(node, name, st, run.options.time()));
      } catch (NoSuchFileException gone) {
        node.entries--; // removed by someone else meanwhile
      } catch (IOException ex) {
        node.complete = false;
        skip(run, path(run, node).resolve(name), ex);
      }
    }

    /**
     * With no rule over the whole tree, this directory's decision is final: files a writer holds locked are skipped
     * and, with apply, the others are removed now, through the descriptor the walk opened. The lock table decides
     * without a system call per file; only a file whose inode appears in it (or every file, when the table cannot be
     * read) is opened and its lock tried, held while it is unlinked.
     */
    private void settle() {
      boolean apply = run.options.apply();
      long selected = 0;
      long removed = 0;
      long removedBytes = 0;
      List<Candidate> kept = new ArrayList<>();
      for (Candidate c : node.candidates) {
        if (!c.selected) {
          continue;
        }
        // an apply tries the lock anyway when it removes the file: a probe here would be a second open
        if (locked(run, c, dir, !apply)) {
          c.selected = false;
          continue;
        }
        LockTable table = run.locks.get();
        selected++;
        kept.add(c);
        if (apply) {
          if (table.mayBeLocked(c.inode)) {
            removeFile(run, dir, c);
          } else {
            unlinkWalked(c);
          }
          if (c.removed) {
            removed++;
            removedBytes += c.size;
          }
        } else {
          node.removedEntries++;
        }
        if (c.removed || !apply) {
          c.report = new PurgeReport.Removed(path(run, c), c.size);
          c.report.path().toString(); // a Path makes its String once, when first asked: here, not in the printing thread
        }
      }
      node.candidates.clear(); // only the chosen ones are needed from here on
      node.candidates.addAll(kept);
      run.progress.selected.addAndGet(selected);
      run.progress.removed.addAndGet(removed);
      run.progress.removedBytes.addAndGet(removedBytes);
    }

    /**
     * Unlinks a file the walk has just stat'ed through this same descriptor: checking its inode once more would only
     * move the moment a rename could slip in, not close it (unlinkat takes a name, not an inode).
     */
    private void unlinkWalked(Candidate c) {
      try {
        os.unlink(dir, c.name);
        c.removed = true;
        node.removedEntries++;
      } catch (NoSuchFileException gone) {
        run.skipped.add(new PurgeReport.Skipped(path(run, c), "already gone"));
      } catch (IOException e) {
        skip(run, path(run, c), e);
      }
    }

    private Walk openChild(String name) throws IOException {
      Path p = path(run, node).resolve(name);
      Dir child;
      try {
        child = os.openDirAt(dir, name, false);
      } catch (NoSuchFileException gone) {
        node.entries--;
        return null;
      } catch (FileSystemLoopException | NotDirectoryException swapped) {
        run.skipped.add(new PurgeReport.Skipped(p, "replaced by a symlink or file during the walk: not followed"));
        return null;
      } catch (IOException e) {
        skip(run, p, e);
        return null;
      }
      FileStat st;
      try {
        st = os.stat(child);
      } catch (IOException e) {
        child.close();
        throw e;
      }
      if (st.device() != run.rootDevice) {
        child.close();
        run.skipped.add(new PurgeReport.Skipped(p, "on another filesystem (a mount point): not crossed"));
        return null;
      }
      Node n = new Node(node, name, st.inode());
      node.children.add(n);
      return new Walk(run, n, child, true);
    }
  }

  private static boolean anyMatchBytes(List<Glob> globs, byte[] b, int off, int len) {
    for (Glob g : globs) {
      if (g.matchesNameBytes(b, off, len)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<Glob> globs, String rel, String name, boolean emptyMatches) {
    if (globs.isEmpty()) {
      return emptyMatches;
    }
    for (Glob g : globs) {
      if (g.matches(rel, name)) {
        return true;
      }
    }
    return false;
  }

  private static void skip(Run run, Path p, IOException e) {
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      reason = f.getReason();
    } else {
      reason = String.valueOf(e.getMessage());
    }
    run.skipped.add(new PurgeReport.Skipped(p, reason));
  }

  // ---- decision

  /** The per-directory rules: newest N kept, age. */
  private static void decideDirectory(Run run, Node node) {
    PurgeOptions o = run.options;
    List<Candidate> cs = node.candidates;
    if (o.keepNewest() != null && !cs.isEmpty()) {
      List<Candidate> sorted = new ArrayList<>(cs);
      sorted.sort(Comparator.comparingLong((Candidate c) -> c.time).reversed()
          .thenComparing(c -> c.name));
      for (int i = 0; i < Math.min(o.keepNewest(), sorted.size()); i++) {
        sorted.get(i).kept = true;
      }
    }
    long threshold = o.olderThan() == null ? Long.MIN_VALUE
        : (o.now().getEpochSecond() - o.olderThan().getSeconds()) * 1_000_000_000L
            + (o.now().getNano() - o.olderThan().getNano());
    boolean keepNewestAlone = o.olderThan() == null && o.maxTotalSize() == null;
    for (Candidate c : cs) {
      if (c.kept) {
        continue;
      }
      if ((o.olderThan() != null && c.time < threshold) || keepNewestAlone) {
        c.selected = true;
      }
    }
  }

  /** The global rules: locked files skipped, then the size cap (oldest first). */
  private void decide(Run run, Node top, List<Candidate> all) {
    for (Candidate c : all) {
      if (c.selected && locked(run, c, null, true)) {
        c.selected = false;
      }
    }
    Long cap = run.options.maxTotalSize();
    if (cap != null) {
      long total = 0;
      List<Candidate> pool = new ArrayList<>();
      for (Candidate c : all) {
        if (!c.selected) {
          total += c.size;
          if (!c.kept) {
            pool.add(c);
          }
        }
      }
      pool.sort(Comparator.comparingLong((Candidate c) -> c.time).thenComparing(c -> c.dir.rel + "/" + c.name));
      for (Candidate c : pool) {
        if (total <= cap) {
          break;
        }
        if (!locked(run, c, null, true)) {
          c.selected = true;
          total -= c.size;
        }
      }
    }
    long selected = 0; // (a local purge counts them as it settles each directory)
    for (Candidate c : all) {
      if (c.selected) {
        selected++;
      }
    }
    run.progress.selected.addAndGet(selected);
  }

  /**
   * Whether a writer holds {@code c} locked (then reported as skipped): from the lock table, or where the table
   * cannot tell and {@code probe}, by trying the lock through {@code dir} (null: its directory opened again).
   */
  private boolean locked(Run run, Candidate c, Dir dir, boolean probe) {
    Boolean fromTable = run.locks.get().isLocked(c.device, c.inode);
    boolean locked;
    if (fromTable != null) {
      locked = fromTable;
    } else if (!probe) {
      locked = false;
    } else if (dir != null) {
      locked = probeLocked(dir, c);
    } else {
      try (Dir d = reopen(run, null, c.dir)) {
        locked = probeLocked(d, c);
      } catch (IOException e) {
        locked = false; // reported when the apply tries it
      }
    }
    if (locked) {
      run.skipped.add(new PurgeReport.Skipped(path(run, c), "locked by a running writer (flock held)"));
    }
    return locked;
  }

  /** Without a lock table: open the file and try the lock (dry runs only; the apply always tries it). */
  private boolean probeLocked(Dir d, Candidate c) {
    try (FileHandle fh = os.open(d, c.name, Os.Access.READ, false)) {
      boolean got = tryLockForDelete(fh);
      if (got) {
        fh.unlock();
      }
      return !got;
    } catch (IOException e) {
      return false; // reported when the apply tries it
    }
  }

  /**
   * LOCK_EX|LOCK_NB. On the portable layer the file is open read-only and a FileChannel can only take a shared lock
   * on it; a writer's exclusive lock still makes it fail.
   */
  private boolean tryLockForDelete(FileHandle fh) throws IOException {
    return fh.lock(os.name().equals("linux") ? LockMode.EXCLUSIVE : LockMode.SHARED, false);
  }

  // ---- apply

  private void apply(Run run, ForkJoinPool pool, Dir rootDir, List<Candidate> all) throws IOException {
    List<Node> dirs = new ArrayList<>();
    Node last = null;
    for (Candidate c : all) {
      if (c.selected && c.dir != last) {
        dirs.add(c.dir);
        last = c.dir;
      }
    }
    try {
      pool.submit(() -> dirs.parallelStream().forEach(n -> applyDirectory(run, rootDir, n))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("purge interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  private void applyDirectory(Run run, Dir rootDir, Node node) {
    Dir d;
    try {
      d = reopen(run, rootDir, node);
    } catch (IOException e) {
      for (Candidate c : node.candidates) {
        if (c.selected) {
          run.skipped.add(new PurgeReport.Skipped(path(run, c), "directory changed during the purge: "
              + describe(e)));
        }
      }
      return;
    }
    try {
      for (Candidate c : node.candidates) {
        if (c.selected) {
          removeFile(run, d, c);
        }
      }
    } finally {
      if (d != rootDir) {
        try {
          d.close();
        } catch (IOException ignored) {
          // read-only descriptor
        }
      }
    }
  }

  /** Removes a file with its lock held, once it is checked to be the file the walk saw. */
  private void removeFile(Run run, Dir d, Candidate c) {
    Path p = path(run, c);
    try {
      FileStat now = os.stat(d, c.name, false);
      if (!now.isRegularFile() || now.inode() != c.inode || now.device() != c.device) {
        run.skipped.add(new PurgeReport.Skipped(p, "changed since it was examined: left alone"));
        return;
      }
      try (FileHandle fh = os.open(d, c.name, Os.Access.READ, false)) {
        if (!tryLockForDelete(fh)) {
          run.skipped.add(new PurgeReport.Skipped(p, "locked by a running writer (flock held)"));
          return;
        }
        FileStat held = fh.stat();
        if (held.inode() != c.inode || !held.isRegularFile()) {
          run.skipped.add(new PurgeReport.Skipped(p, "changed since it was examined: left alone"));
          return;
        }
        os.unlink(d, c.name);
      }
      c.dir.removedEntries++;
      c.removed = true;
      if (!run.local) {
        run.progress.removed.incrementAndGet();
        run.progress.removedBytes.addAndGet(c.size);
      }
    } catch (NoSuchFileException gone) {
      run.skipped.add(new PurgeReport.Skipped(p, "already gone"));
    } catch (IOException e) {
      skip(run, p, e);
    }
  }

  /**
   * Opens a walked directory again from the root, one component at a time with O_NOFOLLOW, checking each is the
   * directory the walk saw (same inode, root's device). {@code rootDir} null: open the root by path.
   */
  private Dir reopen(Run run, Dir rootDir, Node node) throws IOException {
    if (node.parent == null) {
      return rootDir != null ? rootDir : os.openDir(run.root);
    }
    List<Node> chain = new ArrayList<>();
    for (Node n = node; n.parent != null; n = n.parent) {
      chain.add(n);
    }
    Collections.reverse(chain);
    Dir cur = rootDir != null ? rootDir : os.openDir(run.root);
    boolean ownCur = rootDir == null;
    try {
      for (Node n : chain) {
        Dir next = os.openDirAt(cur, n.name, false);
        if (ownCur) {
          cur.close();
        }
        cur = next;
        ownCur = true;
        FileStat st = os.stat(cur);
        if (st.inode() != n.inode || st.device() != run.rootDevice) {
          throw new FileSystemException(path(run, n).toString(), null, "not the directory the walk saw");
        }
      }
      return cur;
    } catch (IOException | RuntimeException e) {
      if (ownCur) {
        cur.close();
      }
      throw e;
    }
  }

  // ---- empty directories

  /** Post-order: a directory whose entries were all removed goes too (never the root); the dry run predicts it. */
  private void removeEmpty(Run run, Dir rootDir, Node node, List<Path> removedDirs) {
    for (Node c : node.children) {
      removeEmpty(run, rootDir, c, removedDirs);
    }
    if (node.parent == null || !node.complete || node.removedEntries == 0
        || node.entries - node.removedEntries != 0) {
      return;
    }
    Path p = path(run, node);
    if (run.options.apply()) {
      try (Dir parent = reopen(run, null, node.parent)) {
        FileStat st = os.stat(parent, node.name, false);
        if (!st.isDirectory() || st.inode() != node.inode) {
          run.skipped.add(new PurgeReport.Skipped(p, "changed since it was examined: left alone"));
          return;
        }
        os.rmdir(parent, node.name);
      } catch (IOException e) {
        skip(run, p, e);
        return;
      }
    }
    node.parent.removedEntries++;
    removedDirs.add(p);
  }

  private static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
  }
}
