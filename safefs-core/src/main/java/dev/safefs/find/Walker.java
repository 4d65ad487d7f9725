package dev.safefs.find;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.NameSink;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Walks a tree with {@link Os#list} (getdents64: names and types, no stat per entry), opening each subdirectory
 * beneath its parent's descriptor without following symlinks unless asked. A stat happens only when the filesystem
 * gives no type, when a followed link needs its target's type, or when the options ask for one.
 *
 * <p>Directories are tasks of a work-stealing pool: a directory's descriptor stays open only until its last
 * subdirectory has been opened, and entries stream to the visitor as they are read, so a directory of a million
 * files is never held in memory (except to sort it, when asked). Errors on one entry are reported and skipped.
 */
public final class Walker {
  /** Entries held back while a directory is read, waiting to learn whether it has ignore files. */
  private static final int IGNORE_LOOKAHEAD = 4096;
  private static final long MAX_IGNORE_FILE = 1 << 20;

  private final Os os;
  private final Path root;
  private final WalkOptions options;
  private final WalkVisitor visitor;
  private final LongAdder entries = new LongAdder();
  private final LongAdder directories = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private volatile boolean stopped;
  /** Every glob can be matched on a name's bytes (no regex, no slash). */
  private final boolean byteGlobs;
  private static final FileType[] TYPES = FileType.values();
  private static final byte[] DOT_IGNORE = ".ignore".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DOT_GITIGNORE = ".gitignore".getBytes(StandardCharsets.UTF_8);

  private Walker(Os os, Path root, WalkOptions options, WalkVisitor visitor) {
    this.os = os;
    this.root = root;
    this.options = options;
    this.visitor = visitor;
    this.byteGlobs = !options.globs().isEmpty()
        && options.globs().stream().allMatch(g -> g.matchesBytes() && !g.hasSlash());
  }

  public static WalkSummary walk(Path root, WalkOptions options, WalkVisitor visitor) throws IOException {
    return walk(Os.get(), root, options, visitor);
  }

  /** Walks {@code root}; fails only when the root itself cannot be read. */
  public static WalkSummary walk(Os os, Path root, WalkOptions options, WalkVisitor visitor) throws IOException {
    return new Walker(os, root, options, visitor).run();
  }

  private WalkSummary run() throws IOException {
    Dir top;
    try {
      top = os.openDir(root);
    } catch (java.nio.file.NotDirectoryException e) {
      return single();
    } catch (IOException e) {
      if (isNotDirectory(e)) {
        return single();
      }
      throw SafeFsException.wrap("walk", root, "", e);
    }
    Ancestors anc = null;
    if (options.followLinks()) {
      try {
        anc = new Ancestors(null, os.stat(top));
      } catch (IOException e) {
        top.close();
        throw SafeFsException.wrap("walk", root, "", e);
      }
    }
    Shared shared = new Shared(top);
    if (options.sorted() || options.threads() == 1) {
      try {
        new DirTask(null, null, null, "", 0, null, anc).walkHere(shared);
      } finally {
        shared.release();
      }
    } else {
      ForkJoinPool pool = new ForkJoinPool(options.threads());
      try {
        pool.invoke(new DirTask(null, null, null, "", 0, null, anc).opened(shared));
      } finally {
        pool.shutdown();
      }
    }
    return new WalkSummary(entries.sum(), directories.sum(), errors.sum());
  }

  private static boolean isNotDirectory(IOException e) {
    return e instanceof java.nio.file.FileSystemException f && "Not a directory".equals(f.getReason());
  }

  /** A root that is a file: the walk reports the file itself. */
  private WalkSummary single() throws IOException {
    Path parent = root.toAbsolutePath().getParent();
    String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
    try (Dir dir = os.openDir(parent)) {
      FileStat st = os.stat(dir, name, true);
      if (options.types().isEmpty() || options.types().contains(st.type())) {
        visitor.entry(new WalkEntry("", name, st.type(), 0, options.stat() ? st : null), dir);
        entries.increment();
      }
    } catch (IOException e) {
      throw SafeFsException.wrap("walk", root, "", e);
    }
    return new WalkSummary(entries.sum(), 0, errors.sum());
  }

  private void report(String relative, String step, IOException e) {
    errors.increment();
    Path p = relative.isEmpty() ? root : root.resolve(relative);
    visitor.error(SafeFsException.wrap("walk", p, step, e));
  }

  /** An open directory shared by the tasks of its subdirectories; closed when the last of them has opened. */
  private static final class Shared {
    final Dir dir;
    private final AtomicInteger refs = new AtomicInteger(1);

    Shared(Dir dir) {
      this.dir = dir;
    }

    void retain() {
      refs.incrementAndGet();
    }

    void release() {
      if (refs.decrementAndGet() == 0) {
        try {
          dir.close();
        } catch (IOException ignored) {
          // a read-only descriptor: nothing was written that a failed close could lose
        }
      }
    }
  }

  private record Named(String name, FileType type) {}

  /** The (device, inode) of each directory above, to stop at a symlink loop when links are followed. */
  private record Ancestors(Ancestors up, FileStat stat) {
    boolean contains(FileStat st) {
      for (Ancestors a = this; a != null; a = a.up) {
        if (a.stat.sameFile(st)) {
          return true;
        }
      }
      return false;
    }
  }

  /** One directory: opened beneath its parent, listed, its subdirectories forked. */
  private final class DirTask extends CountedCompleter<Void> implements NameSink {
    private final Shared parent;
    private final String name;
    private final String rel;
    private final int depth;
    private IgnoreStack ignores;
    private Ancestors ancestors;
    private Shared self;
    private byte[] held;
    private int heldLen;
    private int heldCount;
    private boolean hasIgnore;
    private boolean hasGitignore;
    private boolean streaming;
    private boolean inList;
    private List<String[]> deferred;

    DirTask(CountedCompleter<?> completer, Shared parent, String name, String rel, int depth, IgnoreStack ignores,
        Ancestors ancestors) {
      super(completer);
      this.parent = parent;
      this.name = name;
      this.rel = rel;
      this.depth = depth;
      this.ignores = ignores;
      this.ancestors = ancestors;
    }

    DirTask opened(Shared dir) {
      this.self = dir;
      return this;
    }

    @Override
    public void compute() {
      try {
        if (self == null) {
          self = open();
        }
        if (self != null) {
          try {
            read();
          } finally {
            self.release();
          }
        }
      } finally {
        tryComplete();
      }
    }

    /** The sorted or one-thread walk: the same steps, subdirectories recursed into in place. */
    void walkHere(Shared dir) {
      self = dir;
      read();
    }

    private Shared open() {
      Dir dir;
      try {
        dir = os.openDirAt(parent.dir, name, options.followLinks());
      } catch (IOException e) {
        report(rel, "", e);
        return null;
      } finally {
        parent.release();
      }
      if (options.followLinks()) {
        try {
          FileStat st = os.stat(dir);
          if (ancestors.contains(st)) {
            closeQuietly(dir);
            report(rel, "", new java.nio.file.FileSystemException(root.resolve(rel).toString(), null,
                "File system loop detected"));
            return null;
          }
          ancestors = new Ancestors(ancestors, st);
        } catch (IOException e) {
          closeQuietly(dir);
          report(rel, "", e);
          return null;
        }
      }
      return new Shared(dir);
    }

    private void read() {
      if (visitor.stopped()) {
        stopped = true;
        return;
      }
      directories.increment();
      streaming = !(options.ignoreFiles() || options.sorted());
      inList = true;
      try {
        os.listNames(self.dir, this);
      } catch (IOException e) {
        report(rel, "getdents", e);
      } catch (OutOfMemoryError e) { // only a sorted walk holds a whole directory
        held = null;
        report(rel, "", new IOException("too many entries to sort in memory; walk it unsorted"));
        return;
      } finally {
        inList = false;
      }
      if (!streaming) {
        if (options.ignoreFiles() && (hasIgnore || hasGitignore)) {
          pushIgnores(hasIgnore, hasGitignore);
        }
        streaming = true;
        drainHeld();
      }
      if (deferred != null) {
        List<String[]> later = deferred;
        deferred = null;
        for (String[] d : later) {
          descendHere(d[0], d[1], Integer.parseInt(d[2]));
        }
      }
    }

    @Override
    public void entry(byte[] b, int off, int len, FileType type) {
      if (streaming) {
        handleRaw(b, off, len, type);
        return;
      }
      if (b[off] == '.') {
        hasIgnore |= len == 7 && java.util.Arrays.equals(b, off, off + len, DOT_IGNORE, 0, 7);
        hasGitignore |= len == 10 && java.util.Arrays.equals(b, off, off + len, DOT_GITIGNORE, 0, 10);
      }
      if (held == null) {
        held = new byte[8192];
      }
      if (heldLen + len + 2 > held.length) {
        held = java.util.Arrays.copyOf(held, Math.max(held.length * 2, heldLen + len + 2));
      }
      held[heldLen++] = (byte) type.ordinal();
      held[heldLen++] = (byte) len;
      System.arraycopy(b, off, held, heldLen, len);
      heldLen += len;
      heldCount++;
      if (heldCount >= IGNORE_LOOKAHEAD && !options.sorted()) { // (only held for ignore files when not sorted)
        // a big directory: look its ignore files up by name instead of holding all of it
        pushIgnores(hasIgnore || exists(".ignore"), hasGitignore || exists(".gitignore"));
        streaming = true;
        drainHeld();
      }
    }

    private void drainHeld() {
      byte[] h = held;
      int n = heldLen;
      held = null;
      heldLen = 0;
      heldCount = 0;
      if (h == null) {
        return;
      }
      if (options.sorted()) {
        List<Named> all;
        try {
          all = sortedEntries(h, n);
        } catch (OutOfMemoryError e) {
          report(rel, "", new IOException("too many entries to sort in memory; walk it unsorted"));
          return;
        }
        for (Named e : all) {
          handle(e.name(), e.type());
        }
        return;
      }
      for (int p = 0; p < n; ) {
        int len = h[p + 1] & 0xff;
        handleRaw(h, p + 2, len, TYPES[h[p]]);
        p += 2 + len;
      }
    }

    private List<Named> sortedEntries(byte[] h, int n) {
      List<Named> all = new ArrayList<>();
      for (int p = 0; p < n; ) {
        int len = h[p + 1] & 0xff;
        all.add(new Named(new String(h, p + 2, len, StandardCharsets.UTF_8), TYPES[h[p]]));
        p += 2 + len;
      }
      all.sort(Comparator.comparing(Named::name));
      return all;
    }

    /** Most entries are rejected here, on their bytes, without a String: hidden, wrong type, glob not matched. */
    private void handleRaw(byte[] b, int off, int len, FileType type) {
      if (stopped) {
        return;
      }
      if (!options.hidden() && b[off] == '.') {
        return;
      }
      boolean final_ = type != FileType.DIRECTORY && type != FileType.UNKNOWN
          && !(type == FileType.SYMLINK && options.followLinks());
      if (final_) {
        if (!options.types().isEmpty() && !options.types().contains(type)) {
          return;
        }
        if (byteGlobs && !anyMatchBytes(options.globs(), b, off, len)) {
          return;
        }
      }
      handle(new String(b, off, len, StandardCharsets.UTF_8), type);
    }

    private boolean exists(String n) {
      try {
        os.stat(self.dir, n, true);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private void pushIgnores(boolean hasIgnore, boolean hasGitignore) {
      IgnoreRules ignore = hasIgnore ? readRules(".ignore") : null;
      IgnoreRules gitignore = hasGitignore ? readRules(".gitignore") : null;
      ignores = IgnoreStack.push(ignores, rel, ignore, gitignore);
    }

    private IgnoreRules readRules(String file) {
      String r = rel.isEmpty() ? file : rel + "/" + file;
      try (FileHandle h = os.open(self.dir, file, Os.Access.READ, true)) {
        FileStat st = h.stat();
        if (st.type() != FileType.FILE && st.type() != FileType.SYMLINK) {
          return null;
        }
        byte[] buf = new byte[(int) Math.min(Math.max(st.size(), 0), MAX_IGNORE_FILE)];
        int got = 0;
        while (got < buf.length) {
          int n = h.pread(buf, got, buf.length - got, got);
          if (n <= 0) {
            break;
          }
          got += n;
        }
        return IgnoreRules.parse(new String(buf, 0, got, StandardCharsets.UTF_8));
      } catch (IOException e) {
        report(r, "read ignore file", e);
        return null;
      }
    }

    private void handle(String n, FileType type) {
      if (stopped || (!options.hidden() && n.charAt(0) == '.')) {
        return;
      }
      FileStat st = null;
      String path = null;
      try {
        if (type == FileType.UNKNOWN) {
          st = os.stat(self.dir, n, false);
          type = st.type();
        }
        if (type == FileType.SYMLINK && options.followLinks()) {
          try {
            st = os.stat(self.dir, n, true);
            type = st.type();
          } catch (NoSuchFileException dangling) {
            // a link to nothing stays a link
          } catch (java.nio.file.FileSystemException loop) {
            if (!"Too many levels of symbolic links".equals(loop.getReason())) {
              throw loop;
            }
          }
        }
      } catch (IOException ex) {
        report(relOf(n), "stat", ex);
        return;
      }
      boolean isDir = type == FileType.DIRECTORY;
      if (ignores != null) {
        path = relOf(n);
        if (IgnoreStack.ignored(ignores, path, n, isDir)) {
          return;
        }
      }
      if (!options.excludes().isEmpty()) {
        if (path == null) {
          path = relOf(n);
        }
        if (anyMatch(options.excludes(), n, path)) {
          return;
        }
      }
      int d = depth + 1;
      if ((options.types().isEmpty() || options.types().contains(type))
          && (options.globs().isEmpty() || anyMatch(options.globs(), n, path == null ? (path = relOf(n)) : path))) {
        if (path == null) {
          path = relOf(n);
        }
        if (options.stat() && st == null) {
          try {
            st = os.stat(self.dir, n, options.followLinks());
          } catch (IOException ex) {
            report(path, "stat", ex);
            return;
          }
        }
        entries.increment();
        visitor.entry(new WalkEntry(path, n, type, d, st), self.dir);
        if (visitor.stopped()) {
          stopped = true;
          return;
        }
      }
      if (isDir && (options.maxDepth() < 0 || d < options.maxDepth())) {
        if (path == null) {
          path = relOf(n);
        }
        descend(n, path, d);
      }
    }

    private void descend(String n, String path, int d) {
      if (options.sorted() || options.threads() == 1) {
        if (inList) { // one thread lists one directory at a time: descend once this listing is done
          if (deferred == null) {
            deferred = new ArrayList<>();
          }
          deferred.add(new String[] {n, path, Integer.toString(d)});
          return;
        }
        descendHere(n, path, d);
        return;
      }
      self.retain();
      addToPendingCount(1);
      new DirTask(this, self, n, path, d, ignores, ancestors).fork();
    }

    private void descendHere(String n, String path, int d) {
      {
        self.retain();
        DirTask child = new DirTask(null, self, n, path, d, ignores, ancestors);
        Shared opened = child.open();
        if (opened != null) {
          try {
            child.walkHere(opened);
          } finally {
            opened.release();
          }
        }
      }
    }

    private String relOf(String n) {
      return rel.isEmpty() ? n : rel + "/" + n;
    }
  }

  private static boolean anyMatchBytes(List<Glob> globs, byte[] b, int off, int len) {
    for (Glob g : globs) {
      if (g.matchesName(b, off, len)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyMatch(List<Glob> globs, String name, String path) {
    for (Glob g : globs) {
      if (g.hasSlash() ? g.matches(path) : g.matches(name)) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Dir d) {
    try {
      d.close();
    } catch (IOException ignored) {
      // read-only descriptor
    }
  }
}
