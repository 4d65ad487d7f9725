package dev.safefs.rotate;

import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.StaleTempSweeper;
import dev.safefs.write.TempNames;
import dev.safefs.write.WriteOptions;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;

/**
 * Log rotation that survives a crash at any instant: {@code FILE -> FILE.1 -> FILE.2 ...}, the oldest beyond
 * {@code keep} removed, a fresh empty {@code FILE} published with the old mode and owner.
 *
 * <h2>Steps</h2>
 * All names are resolved against one open directory descriptor, and no step follows a symlink: a {@code FILE} that
 * is a symlink or not a regular file is refused.
 * <ol>
 *   <li><b>Recover</b> whatever an interrupted run left (see below), so every run starts from a clean state.
 *   <li><b>Shift</b>, oldest first: {@code FILE.k -> FILE.k+1} (and {@code .gz} alike) with a no-replace rename
 *       (renameat2 RENAME_NOREPLACE), so a rename can never overwrite a generation; then fsync the directory.
 *   <li><b>Link</b> {@code FILE.1} to the live inode (linkat): the content now has two names, {@code FILE} and
 *       {@code FILE.1}.
 *   <li><b>Publish</b> a fresh empty {@code FILE}: a temp created O_EXCL with mode 0600, given the old mode and owner,
 *       fsynced, then renamed over {@code FILE}; fsync the directory.
 *   <li><b>Drop</b> the generations beyond {@code keep}, oldest first.
 *   <li><b>Compress</b> (when asked) generations 2 and older: gzip into a temp through {@link AtomicWriter}
 *       (create-only), published as {@code FILE.k.gz}, then {@code FILE.k} unlinked.
 * </ol>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>FILE is never missing</b> for a writer that opens it by name: the old inode keeps the name {@code FILE}
 *       until the rename of step 4 atomically replaces it by the new one. A writer opening in between gets the old
 *       inode, which is also {@code FILE.1}: what it writes lands in generation 1, and is not lost. (Where hard links
 *       are refused, step 3 falls back to a no-replace rename {@code FILE -> FILE.1}, and {@code FILE} is missing
 *       only between that rename and the next one, a few system calls.)
 *   <li><b>Crash at any instant</b> (SIGKILL; and power loss on a filesystem that keeps directory operations in
 *       order, as ext4 and XFS journals do): no generation is lost, and after the next run (rotate or
 *       {@link #recover}) no two names hold the same generation. Every state a crash can leave is recognised and
 *       finished by recovery:
 *       <ul>
 *         <li>a gap in the numbers (crash mid-shift): generations are renumbered 1, 2, 3 ... from the youngest,
 *             each rename no-replace and downwards, so none can collide;
 *         <li>{@code FILE} and {@code FILE.1} the same inode (crash between link and publish): the fresh file is
 *             published, finishing the rotation;
 *         <li>two generation names on one inode (the portable layer's no-replace rename is link + unlink): one name
 *             is removed, the content stays;
 *         <li>{@code FILE.k} and {@code FILE.k.gz} both present (crash after compression was published): the
 *             plain one is removed when the gzip trailer's length matches it, else the gzip is removed and
 *             compressed again;
 *         <li>{@code FILE} missing with generations present (crash in the rename fallback): an empty {@code FILE}
 *             is published with generation 1's mode and owner;
 *         <li>temps of killed runs are swept by the usual rule (writer gone and its flock free).
 *       </ul>
 * </ul>
 *
 * <h2>Delayed compression</h2>
 * Generation 1 is never compressed, like logrotate's {@code delaycompress}: a writer that has not yet reopened the
 * file still appends to the old inode, now {@code FILE.1}; compressing it at once would lose those lines. It is
 * compressed when the next rotation moves it to {@code FILE.2}.
 *
 * <p>Rotations of one file are serialized by an exclusive flock on the live file (and a lock within the JVM).
 * A compressed generation takes its source's mode from the start; its owner is set just after it is published (the
 * atomic writer gives a new file the writer's owner), so a root rotation briefly shows a root-owned {@code .gz}.
 */
public final class Rotator {
  static final String OP = "rotate";
  private static final int BUFFER = 64 * 1024;

  /**
   * Rotations of one path within this JVM take turns (the flock alone would not exclude them on the portable layer,
   * whose locks are per process). Separate from the writers' {@code PathLocks}, which compression takes inside: one
   * lock order, no deadlock.
   */
  private static final ReentrantLock[] LOCKS = new ReentrantLock[64];

  static {
    for (int i = 0; i < LOCKS.length; i++) {
      LOCKS[i] = new ReentrantLock();
    }
  }

  private static ReentrantLock lockOf(Path abs) {
    return LOCKS[Math.floorMod(abs.normalize().hashCode() * 0x9E3779B9, LOCKS.length)];
  }

  private final Os os;

  public Rotator(Os os) {
    this.os = os;
  }

  public static Rotator get() {
    return new Rotator(Os.get());
  }

  /** Rotates {@code file}, keeping at most {@code keep} generations; finishes an interrupted rotation first. */
  public RotateResult rotate(Path file, int keep, boolean compress) throws IOException {
    return run(file, keep, compress, true);
  }

  /**
   * Finishes what an interrupted rotation of {@code file} left, without rotating: after it, the generations are
   * numbered 1..n, each held by exactly one name, {@code FILE} exists, and (with {@code compress}) generations 2 and
   * older are compressed.
   */
  public RotateResult recover(Path file, int keep, boolean compress) throws IOException {
    return run(file, keep, compress, false);
  }

  private RotateResult run(Path file, int keep, boolean compress, boolean rotate) throws IOException {
    Path abs = file.toAbsolutePath();
    if (keep < 1) {
      throw new InvalidInputException(OP, abs, "--keep must be at least 1 (got " + keep + ")");
    }
    Path parent = abs.getParent();
    String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
    if (parent == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new InvalidInputException(OP, abs, "is not a file path");
    }
    Dir dir;
    try {
      dir = os.openDir(parent);
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, abs, "open directory", e);
    }
    ReentrantLock jvm = lockOf(abs);
    jvm.lock();
    try (dir) {
      Run r = new Run(dir, abs, name, keep, compress);
      try {
        return r.go(rotate);
      } catch (IOException e) {
        throw SafeFsException.wrap(OP, abs, r.step, e);
      }
    } finally {
      jvm.unlock();
    }
  }

  /** One run over one open directory. */
  private final class Run {
    final Dir dir;
    final Path path;
    final String base;
    final int keep;
    final boolean compress;
    final List<String> recovered = new ArrayList<>();
    final List<Path> removed = new ArrayList<>();
    final List<Path> compressed = new ArrayList<>();
    String step = "";

    Run(Dir dir, Path path, String base, int keep, boolean compress) {
      this.dir = dir;
      this.path = path;
      this.base = base;
      this.keep = keep;
      this.compress = compress;
    }

    RotateResult go(boolean rotate) throws IOException {
      step = "stat";
      FileStat live = lstat(base);
      if (live != null) {
        requireRegular(live);
      }
      FileHandle lock = live == null ? null : lockLive();
      try {
        step = "recover";
        recover();
        live = lstat(base);
        if (live == null && !rotate) {
          return new RotateResult(path, false, List.of(), removed, compressed, recovered); // nothing to recover
        }
        if (live == null) {
          throw new NotFoundException(OP, path, "No such file or directory");
        }
        requireRegular(live);
        if (rotate) {
          step = "shift";
          shift();
          step = "link generation 1";
          linkOrMoveToFirst(live);
        }
        step = "remove old generations";
        dropBeyondKeep();
        if (compress) {
          compressPending();
        }
        step = "list";
        List<Path> left = new ArrayList<>();
        for (Generation g : scan().values().stream().flatMap(List::stream).toList()) {
          left.add(path.resolveSibling(g.name(base)));
        }
        return new RotateResult(path, rotate, left, removed, compressed, recovered);
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }

    void requireRegular(FileStat st) throws InvalidInputException {
      if (st.isSymlink()) {
        throw new InvalidInputException(OP, path,
            "is a symbolic link; refusing to rotate through it (rotate the file it points to)");
      }
      if (!st.isRegularFile()) {
        throw new InvalidInputException(OP, path,
            "is not a regular file (" + st.type().name().toLowerCase(Locale.ROOT) + ")");
      }
    }

    /** Flocks the live inode, retrying when a concurrent rotation moved it away while we waited. */
    FileHandle lockLive() throws IOException {
      step = "lock";
      while (true) {
        FileHandle fh;
        try {
          fh = open(base);
        } catch (NoSuchFileException e) {
          return null;
        }
        try {
          fh.lock(LockMode.EXCLUSIVE, true);
          FileStat now = lstat(base);
          if (now != null && now.sameFile(fh.stat())) {
            return fh;
          }
        } catch (IOException | RuntimeException e) {
          fh.close();
          throw e;
        }
        fh.close();
      }
    }

    /** The live file for its lock: read-write where allowed (fcntl locks need it), else read-only (flock does not). */
    FileHandle open(String name) throws IOException {
      try {
        return os.open(dir, name, Os.Access.READ_WRITE, false);
      } catch (AccessDeniedException e) {
        return os.open(dir, name, Os.Access.READ, false);
      }
    }

    // ---- recovery

    void recover() throws IOException {
      step = "sweep temps";
      StaleTempSweeper.Report swept;
      try (Dir fresh = reopen()) {
        swept = new StaleTempSweeper(os).sweepDir(fresh);
      }
      for (Path p : swept.removed()) {
        if (p.getFileName().toString().startsWith("." + base + ".")) {
          recovered.add("removed stale temp " + p.getFileName());
        }
      }
      step = "recover duplicates";
      TreeMap<Integer, List<Generation>> gens = scan();
      for (List<Generation> forms : gens.values()) {
        if (forms.size() == 2) {
          dropDuplicateForm(forms.get(0), forms.get(1));
        }
      }
      gens = scan();
      FileStat live = lstat(base);
      dropSharedInodes(gens, live);
      step = "renumber";
      gens = scan();
      int i = 1;
      boolean renamed = false;
      for (List<Generation> forms : gens.values()) { // youngest first: each rename goes down, onto a free name
        Generation g = forms.getFirst();
        if (g.number() != i) {
          os.rename(dir, g.name(base), dir, g.withNumber(i).name(base), true);
          recovered.add("renumbered " + g.name(base) + " to " + g.withNumber(i).name(base));
          renamed = true;
        }
        i++;
      }
      if (renamed) {
        os.fsync(dir);
      }
      if (lstat(base) == null && !gens.isEmpty()) {
        step = "recreate file";
        Generation first = gens.firstEntry().getValue().getFirst().withNumber(1);
        FileStat like = lstat(first.name(base));
        publishFresh(like, false);
        recovered.add("published the missing " + base);
      }
    }

    /** {@code FILE.k} and {@code FILE.k.gz}: the gzip was published whole; keep it if it is of this content. */
    void dropDuplicateForm(Generation a, Generation b) throws IOException {
      Generation plain = a.compressed() ? b : a;
      Generation gz = a.compressed() ? a : b;
      FileStat p = lstat(plain.name(base));
      if (p != null && gzipLengthIs(gz.name(base), p.size())) {
        os.unlink(dir, plain.name(base));
        recovered.add("removed " + plain.name(base) + ", already compressed");
      } else {
        os.unlink(dir, gz.name(base));
        recovered.add("removed " + gz.name(base) + ", not a whole compression of " + plain.name(base));
      }
      os.fsync(dir);
    }

    /** Two names on one inode are a link step that a crash cut short. */
    void dropSharedInodes(TreeMap<Integer, List<Generation>> gens, FileStat live) throws IOException {
      Map<Long, String> byInode = new HashMap<>();
      for (List<Generation> forms : gens.values()) {
        for (Generation g : forms) {
          String n = g.name(base);
          FileStat st = lstat(n);
          if (st == null || !st.isRegularFile() || st.links() < 2) {
            continue;
          }
          if (live != null && live.sameFile(st)) {
            if (g.number() == 1 && !g.compressed()) {
              step = "finish publish";
              publishFresh(live, true);
              recovered.add("finished an interrupted rotation: published the fresh " + base);
            }
            continue;
          }
          String other = byInode.putIfAbsent(st.inode(), n);
          if (other != null && st.sameFile(lstat(other))) {
            os.unlink(dir, other); // the younger name; the content keeps the older one
            byInode.put(st.inode(), n);
            recovered.add("removed " + other + ", a second name of " + n);
            os.fsync(dir);
          }
        }
      }
    }

    // ---- rotation

    void shift() throws IOException {
      List<List<Generation>> oldestFirst = new ArrayList<>(scan().descendingMap().values());
      for (List<Generation> forms : oldestFirst) {
        for (Generation g : forms) {
          os.rename(dir, g.name(base), dir, g.withNumber(g.number() + 1).name(base), true);
        }
      }
      if (!oldestFirst.isEmpty()) {
        os.fsync(dir);
      }
    }

    void linkOrMoveToFirst(FileStat live) throws IOException {
      String first = new Generation(1, false).name(base);
      try {
        os.link(dir, base, dir, first);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        // no hard links here: move, then publish into the gap
        os.rename(dir, base, dir, first, true);
        os.fsync(dir);
        step = "publish fresh file";
        publishFresh(live, false);
        return;
      }
      os.fsync(dir);
      step = "publish fresh file";
      publishFresh(live, true);
    }

    /**
     * Publishes an empty {@code FILE} with the mode and owner of {@code like}: over the old inode (which must still
     * be generation 1 as well) when {@code replace}, else only into a free name.
     */
    void publishFresh(FileStat like, boolean replace) throws IOException {
      TempNames.Created created = TempNames.create(os, dir, base);
      String temp = created.name();
      String key = created.key();
      FileHandle fh = created.handle();
      boolean published = false;
      try {
        fh.lock(LockMode.EXCLUSIVE, true);
        fh.chmod(like.mode());
        fh.keepOwnerOf(like);
        fh.fsync();
        if (replace) {
          FileStat now = lstat(base);
          FileStat first = lstat(new Generation(1, false).name(base));
          if (now == null || !now.sameFile(first)) {
            throw new dev.safefs.ConflictException(OP, path, "changed by someone else during the rotation");
          }
          os.rename(dir, temp, dir, base, false);
        } else {
          try {
            os.rename(dir, temp, dir, base, true);
          } catch (FileAlreadyExistsException e) {
            // a writer created it meanwhile: theirs is as good as ours
            return;
          }
        }
        published = true;
        os.fsync(dir);
      } finally {
        try {
          fh.close();
        } finally {
          if (!published) {
            try {
              os.unlink(dir, temp);
            } catch (NoSuchFileException ignored) {
              // gone already
            }
          }
          TempNames.unregister(key);
        }
      }
    }

    void dropBeyondKeep() throws IOException {
      List<List<Generation>> oldestFirst = new ArrayList<>(scan().descendingMap().values());
      int excess = oldestFirst.size() - keep;
      for (int i = 0; i < excess; i++) {
        for (Generation g : oldestFirst.get(i)) {
          os.unlink(dir, g.name(base));
          removed.add(path.resolveSibling(g.name(base)));
        }
      }
      if (excess > 0) {
        os.fsync(dir);
      }
    }

    void compressPending() throws IOException {
      for (List<Generation> forms : scan().values()) {
        Generation g = forms.getFirst();
        if (g.number() >= 2 && !g.compressed() && forms.size() == 1) {
          step = "compress " + g.name(base);
          compressOne(g);
        }
      }
    }

    void compressOne(Generation g) throws IOException {
      String plain = g.name(base);
      String gz = g.compressedForm().name(base);
      FileStat st = lstat(plain);
      if (st == null || !st.isRegularFile()) {
        return;
      }
      WriteOptions opts = WriteOptions.defaults().withCreateOnly(true).withMode(st.mode());
      try (FileHandle in = os.open(dir, plain, Os.Access.READ, false);
          AtomicWriter w = AtomicWriter.open(os, dir.path().resolve(gz), opts)) {
        GZIPOutputStream out = new GZIPOutputStream(w, BUFFER);
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
          out.write(buf, 0, n);
        }
        out.finish(); // not close: that would close the writer before its commit
        w.commit();
      }
      try (FileHandle out = os.open(dir, gz, Os.Access.READ, false)) {
        out.keepOwnerOf(st);
      }
      os.unlink(dir, plain);
      os.fsync(dir);
      compressed.add(path.resolveSibling(gz));
    }

    /** Whether {@code name} is a whole gzip stream whose trailer says it holds {@code size} bytes (mod 2^32). */
    boolean gzipLengthIs(String name, long size) throws IOException {
      try (FileHandle fh = os.open(dir, name, Os.Access.READ, false)) {
        long len = fh.stat().size();
        if (len < 18) {
          return false;
        }
        byte[] head = new byte[2];
        byte[] tail = new byte[4];
        if (fh.pread(head, 0, 2, 0) != 2 || fh.pread(tail, 0, 4, len - 4) != 4) {
          return false;
        }
        if ((head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
          return false;
        }
        long isize = (tail[0] & 0xffL) | (tail[1] & 0xffL) << 8 | (tail[2] & 0xffL) << 16 | (tail[3] & 0xffL) << 24;
        return isize == (size & 0xffffffffL);
      }
    }

    // ---- names

    /** The generations present, youngest first; a number maps to its forms (two only mid-compression). */
    TreeMap<Integer, List<Generation>> scan() throws IOException {
      TreeMap<Integer, List<Generation>> out = new TreeMap<>();
      try (Dir fresh = reopen()) {
        os.list(fresh, e -> {
          Generation g = Generation.parse(base, e.name());
          if (g != null) {
            out.computeIfAbsent(g.number(), k -> new ArrayList<>(2)).add(g);
          }
        });
      }
      for (List<Generation> forms : out.values()) {
        forms.sort((x, y) -> Boolean.compare(x.compressed(), y.compressed()));
      }
      return out;
    }

    /**
     * A new descriptor of the same directory: getdents64 reads on from the descriptor's offset, so a second listing
     * through one descriptor would see nothing.
     */
    Dir reopen() throws IOException {
      return os.openDirAt(dir, ".", false);
    }

    FileStat lstat(String name) throws IOException {
      try {
        return os.stat(dir, name, false);
      } catch (NoSuchFileException e) {
        return null;
      }
    }
  }
}
