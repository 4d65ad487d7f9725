package dev.safefs.purge;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.DirEntry;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.io.IOException;
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

  private record Run(Path root, PurgeOptions options, List<Glob> globs, List<Glob> protect, long rootDevice,
      PurgeProgress progress, ConcurrentLinkedQueue<PurgeReport.Skipped> skipped, LockTable locks) {}

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
      globs = options.globs().stream().map(Glob::compile).toList();
      protect = options.protect().stream().map(Glob::compile).toList();
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
      Run run = new Run(root, options, globs, protect, rootStat.device(), progress, new ConcurrentLinkedQueue<>(),
          LockTable.read(os));
      Node top = new Node(null, "", rootStat.inode());
      pool.invoke(new Walk(run, top, rootDir, false));
      List<Candidate> all = new ArrayList<>();
      collect(top, all);
      decide(run, top, all);
      List<PurgeReport.Removed> removed = new ArrayList<>();
      List<Path> removedDirs = new ArrayList<>();
      if (options.apply()) {
        progress.applying = true;
        apply(run, pool, rootDir, all, removed);
      } else {
        for (Candidate c : all) {
          if (c.selected) {
            removed.add(new PurgeReport.Removed(path(run, c), c.size));
            c.dir.removedEntries++;
          }
        }
      }
      if (options.removeEmptyDirs()) {
        removeEmpty(run, rootDir, top, removedDirs);
      }
      removed.sort(Comparator.comparing(PurgeReport.Removed::path));
      List<PurgeReport.Skipped> skipped = new ArrayList<>(run.skipped);
      skipped.sort(Comparator.comparing(PurgeReport.Skipped::path));
      return new PurgeReport(!options.apply(), removed, removedDirs, skipped, progress.scanned());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path path(Run run, Candidate c) {
    return run.root.resolve(c.dir.rel.isEmpty() ? c.name : c.dir.rel + "/" + c.name);
  }

  private static Path path(Run run, Node n) {
    return n.rel.isEmpty() ? run.root : run.root.resolve(n.rel);
  }

  private static void collect(Node n, List<Candidate> out) {
    out.addAll(n.candidates);
    for (Node c : n.children) {
      collect(c, out);
    }
  }

  // ---- walk

  /** Lists one directory (its descriptor held open while its subdirectories are walked) and forks the subdirectories. */
  private final class Walk extends RecursiveAction {
    private final Run run;
    private final Node node;
    private final Dir dir;
    private final boolean closeDir;

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
      List<DirEntry> entries = new ArrayList<>();
      try {
        os.list(dir, entries::add);
      } catch (IOException e) {
        node.complete = false;
        skip(run, path(run, node), e);
        return;
      }
      node.entries = entries.size();
      List<Walk> subs = new ArrayList<>();
      long files = 0;
      boolean needPath = run.globs.stream().anyMatch(Glob::needsPath)
          || run.protect.stream().anyMatch(Glob::needsPath);
      for (DirEntry e : entries) {
        FileType type = e.type();
        String name = e.name();
        FileStat st = null;
        try {
          if (type == FileType.UNKNOWN) {
            st = os.stat(dir, name, false);
            type = st.type();
          }
          if (type == FileType.DIRECTORY) {
            Walk w = openChild(name);
            if (w != null) {
              subs.add(w);
            } else {
              node.complete = false;
            }
            continue;
          }
          if (type != FileType.FILE) {
            continue; // symlinks, fifos, sockets, devices: never touched
          }
          files++;
          String rel = needPath ? (node.rel.isEmpty() ? name : node.rel + "/" + name) : null;
          if (!matches(run.globs, rel, name, true) || matches(run.protect, rel, name, false)) {
            continue;
          }
          if (st == null) {
            st = os.stat(dir, name, false);
          }
          if (!st.isRegularFile()) {
            continue;
          }
          if (st.device() != run.rootDevice) {
            run.skipped.add(new PurgeReport.Skipped(path(run, node).resolve(name),
                "on another filesystem (a mount point): not crossed"));
            continue;
          }
          node.candidates.add(new Candidate(node, name, st, run.options.time()));
        } catch (NoSuchFileException gone) {
          node.entries--; // removed by someone else meanwhile
        } catch (IOException ex) {
          node.complete = false;
          skip(run, path(run, node).resolve(name), ex);
        }
      }
      run.progress.scanned.addAndGet(files); // once per directory: a shared counter per file would bounce
      decideDirectory(run, node);
      if (!subs.isEmpty()) {
        invokeAll(subs);
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
      if (c.selected && locked(run, c)) {
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
        if (!locked(run, c)) {
          c.selected = true;
          total -= c.size;
        }
      }
    }
    long selected = 0;
    for (Candidate c : all) {
      if (c.selected) {
        selected++;
      }
    }
    run.progress.selected.addAndGet(selected);
  }

  private boolean locked(Run run, Candidate c) {
    Boolean fromTable = run.locks.isLocked(c.device, c.inode);
    boolean locked;
    if (fromTable != null) {
      locked = fromTable;
    } else {
      locked = probeLocked(run, c);
    }
    if (locked) {
      run.skipped.add(new PurgeReport.Skipped(path(run, c), "locked by a running writer (flock held)"));
    }
    return locked;
  }

  /** Without a lock table: open the file and try the lock (dry runs only; the apply always tries it). */
  private boolean probeLocked(Run run, Candidate c) {
    try (Dir d = reopen(run, null, c.dir); FileHandle fh = os.open(d, c.name, Os.Access.READ, false)) {
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

  private void apply(Run run, ForkJoinPool pool, Dir rootDir, List<Candidate> all, List<PurgeReport.Removed> out)
      throws IOException {
    List<Node> dirs = new ArrayList<>();
    Node last = null;
    for (Candidate c : all) {
      if (c.selected && c.dir != last) {
        dirs.add(c.dir);
        last = c.dir;
      }
    }
    List<PurgeReport.Removed> removed = Collections.synchronizedList(new ArrayList<>());
    try {
      pool.submit(() -> dirs.parallelStream().forEach(n -> applyDirectory(run, rootDir, n, removed))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("purge interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
    out.addAll(removed);
  }

  private void applyDirectory(Run run, Dir rootDir, Node node, List<PurgeReport.Removed> removed) {
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
          removeFile(run, d, c, removed);
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

  private void removeFile(Run run, Dir d, Candidate c, List<PurgeReport.Removed> removed) {
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
      removed.add(new PurgeReport.Removed(p, c.size));
      run.progress.removed.incrementAndGet();
      run.progress.removedBytes.addAndGet(c.size);
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
