package dev.safefs.purge;

import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.append.FlockWait;
import dev.safefs.os.Dir;
import dev.safefs.os.DirEntry;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import dev.safefs.write.PathLocks;
import dev.safefs.write.TempNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;

/**
 * Rotates a log: {@code FILE -> FILE.1 -> FILE.2 ...} ({@code FILE.k.gz} when compressed), generations beyond
 * {@code keep} removed, and a new empty {@code FILE} with the old one's mode and owner.
 *
 * <h2>Invariant</h2>
 *
 * Every generation (the current FILE and each {@code FILE.k[.gz]}) exists under exactly one name at every instant a
 * crash can hit, except in the two states below, which the next rotation (or {@link #recover}) recognizes and
 * completes before doing anything else:
 *
 * <ol>
 *   <li>{@code FILE} and {@code FILE.1} are hard links of one inode: the old FILE has been linked to FILE.1 but the
 *       new empty FILE not yet renamed over it. Completed by publishing a new empty FILE (the content is in FILE.1).
 *   <li>{@code FILE.k} and {@code FILE.k.gz} both exist: the compressed copy is published only whole (written to a
 *       temp, fsynced, renamed with RENAME_NOREPLACE), so the plain one is redundant and is removed.
 * </ol>
 *
 * A gap in the numbers (an interrupted shift leaves {@code FILE.1, FILE.3, FILE.4}) loses nothing and is closed by
 * renumbering from the newest, keeping the order. Temps ({@code .FILE...safefs-tmp}) of a rotation that died are
 * removed; they never hold the only copy of anything. So a crash at any point never loses a generation and never
 * leaves one counted twice once recovered.
 *
 * <h2>Steps, under an exclusive flock of FILE (the lock {@code LockedAppender} takes)</h2>
 *
 * <ol>
 *   <li>recover as above;
 *   <li>remove the generations numbered {@code keep} and above, oldest first (they would pass {@code keep});
 *   <li>shift from the oldest down: {@code FILE.k -> FILE.k+1} with RENAME_NOREPLACE, so nothing is overwritten;
 *   <li>{@code link(FILE, FILE.1)}, then rename a new empty temp (created 0600, given the old mode and owner,
 *       fsynced) over FILE: FILE exists at every instant, and appenders that waited for the lock notice the new
 *       inode and reopen;
 *   <li>with compression: FILE.1 compressed into a temp, fsynced, renamed to FILE.1.gz with RENAME_NOREPLACE, then
 *       FILE.1 removed.
 * </ol>
 *
 * The directory is fsynced after each step, so the order of the steps holds after a power loss too.
 */
public final class Rotator {

  private static final String OP = "rotate";

  private final Os os;

  public Rotator(Os os) {
    this.os = os;
  }

  public static RotateResult rotate(Path file, int keep, boolean compress) throws IOException {
    return new Rotator(Os.get()).rotate(file, keep, compress, null);
  }

  public RotateResult rotate(Path file, int keep, boolean compress, Duration lockTimeout) throws IOException {
    if (keep < 1) {
      throw new InvalidInputException(OP, file, "--keep must be at least 1");
    }
    return locked(file, lockTimeout, (ctx) -> {
      List<String> recovered = recover(ctx);
      if (compress) {
        for (var g : generations(ctx).entrySet()) {
          if (!g.getValue().endsWith(".gz")) {
            compress(ctx, g.getKey()); // left plain by a rotation cut short before its compression
            recovered.add("compressed " + g.getValue());
          }
        }
      }
      List<Path> removed = new ArrayList<>();
      TreeMap<Integer, String> gens = generations(ctx);
      for (int k : gens.descendingKeySet()) {
        if (k >= keep) {
          os.unlink(ctx.dir, gens.get(k));
          removed.add(ctx.dir.path().resolve(gens.get(k)));
        }
      }
      if (!removed.isEmpty()) {
        os.fsync(ctx.dir);
      }
      gens = generations(ctx);
      for (int k : gens.descendingKeySet()) {
        String from = gens.get(k);
        os.rename(ctx.dir, from, ctx.dir, genName(ctx.name, k + 1, from.endsWith(".gz")), true);
      }
      if (!gens.isEmpty()) {
        os.fsync(ctx.dir);
      }
      os.link(ctx.dir, ctx.name, ctx.dir, ctx.name + ".1");
      os.fsync(ctx.dir);
      publishEmpty(ctx);
      if (compress) {
        compress(ctx, 1);
      }
      List<Path> now = new ArrayList<>();
      for (String g : generations(ctx).values()) {
        now.add(ctx.dir.path().resolve(g));
      }
      return new RotateResult(ctx.path, now, removed, recovered);
    });
  }

  /** Completes an interrupted rotation, if any, without rotating. */
  public RotateResult recover(Path file) throws IOException {
    return locked(file, null, ctx -> {
      List<String> recovered = recover(ctx);
      List<Path> now = new ArrayList<>();
      for (String g : generations(ctx).values()) {
        now.add(ctx.dir.path().resolve(g));
      }
      return new RotateResult(ctx.path, now, List.of(), recovered);
    });
  }

  // ---- locking

  private record Ctx(Path path, Dir dir, String name, FileHandle current, FileStat stat) {}

  private interface Step<T> {
    T run(Ctx ctx) throws IOException;
  }

  private <T> T locked(Path file, Duration timeout, Step<T> step) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      throw new InvalidInputException(OP, file, "is not a file path");
    }
    String name = abs.getFileName().toString();
    ReentrantLock jvm = PathLocks.of(abs);
    FlockWait wait = new FlockWait(timeout, OP, abs);
    try (Dir dir = os.openDir(abs.getParent())) {
      while (true) {
        wait.lock(jvm);
        try {
          // READ_APPEND: read-write without truncation, which the portable layer's exclusive lock needs
          try (FileHandle fh = os.open(dir, name, Os.Access.READ_APPEND, false)) {
            wait.lock(fh);
            FileStat held = fh.stat();
            FileStat atName;
            try {
              atName = os.stat(dir, name, false);
            } catch (NoSuchFileException e) {
              atName = null;
            }
            if (!held.sameFile(atName)) {
              continue; // rotated by someone else while we waited: lock the new one
            }
            if (!held.isRegularFile()) {
              throw new InvalidInputException(OP, abs, "is not a regular file");
            }
            return step.run(new Ctx(abs, dir, name, fh, held));
          }
        } finally {
          jvm.unlock();
        }
      }
    } catch (IOException e) {
      throw SafeFsException.wrap(OP, abs, "", e);
    }
  }

  // ---- recovery

  private List<String> recover(Ctx ctx) throws IOException {
    List<String> done = new ArrayList<>();
    // temps of a dead rotation: with the lock held, no live rotation of this file has any
    List<String> temps = new ArrayList<>();
    String tempPrefix = "." + ctx.name + ".";
    list(ctx, (DirEntry e) -> {
      if (e.name().startsWith(tempPrefix) && e.name().endsWith(".rotate" + TempNames.SUFFIX)) {
        temps.add(e.name());
      }
    });
    for (String t : temps) {
      os.unlink(ctx.dir, t);
      done.add("removed the temp " + t);
    }
    // state 1: FILE and FILE.1 are one inode
    FileStat one = statOrNull(ctx.dir, ctx.name + ".1");
    if (one != null && one.sameFile(ctx.stat)) {
      publishEmpty(ctx);
      done.add("published the new empty " + ctx.name + " (" + ctx.name + ".1 already holds the old content)");
    }
    // state 2: plain and compressed copies of one generation
    TreeMap<Integer, List<String>> all = allGenerations(ctx);
    for (var e : all.entrySet()) {
      if (e.getValue().size() > 1) {
        String plain = genName(ctx.name, e.getKey(), false);
        os.unlink(ctx.dir, plain);
        done.add("removed " + plain + " (" + plain + ".gz was already published whole)");
      }
    }
    // gaps: renumber 1..n keeping the order, moving each down (RENAME_NOREPLACE, targets are free)
    TreeMap<Integer, String> gens = generations(ctx);
    int want = 1;
    for (var e : gens.entrySet()) {
      if (e.getKey() != want) {
        String to = genName(ctx.name, want, e.getValue().endsWith(".gz"));
        os.rename(ctx.dir, e.getValue(), ctx.dir, to, true);
        done.add("renumbered " + e.getValue() + " to " + to);
      }
      want++;
    }
    if (!done.isEmpty()) {
      os.fsync(ctx.dir);
    }
    return done;
  }

  /** Lists the directory through a fresh descriptor: a getdents64 offset is not rewound between listings. */
  private void list(Ctx ctx, java.util.function.Consumer<DirEntry> sink) throws IOException {
    try (Dir fresh = os.openDirAt(ctx.dir, ".", false)) {
      os.list(fresh, sink);
    }
  }

  private FileStat statOrNull(Dir dir, String name) throws IOException {
    try {
      return os.stat(dir, name, false);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Generation number to name, one per number (after recovery's state 2). */
  private TreeMap<Integer, String> generations(Ctx ctx) throws IOException {
    TreeMap<Integer, String> out = new TreeMap<>();
    for (var e : allGenerations(ctx).entrySet()) {
      List<String> names = e.getValue();
      out.put(e.getKey(), names.stream().filter(n -> n.endsWith(".gz")).findFirst().orElse(names.getFirst()));
    }
    return out;
  }

  private TreeMap<Integer, List<String>> allGenerations(Ctx ctx) throws IOException {
    TreeMap<Integer, List<String>> out = new TreeMap<>();
    String prefix = ctx.name + ".";
    list(ctx, e -> {
      String n = e.name();
      if (!n.startsWith(prefix)) {
        return;
      }
      String rest = n.substring(prefix.length());
      if (rest.endsWith(".gz")) {
        rest = rest.substring(0, rest.length() - 3);
      }
      if (rest.isEmpty() || rest.length() > 9 || !rest.chars().allMatch(Character::isDigit) || rest.startsWith("0")) {
        return;
      }
      out.computeIfAbsent(Integer.parseInt(rest), k -> new ArrayList<>()).add(n);
    });
    return out;
  }

  private static String genName(String name, int k, boolean gz) {
    return name + "." + k + (gz ? ".gz" : "");
  }

  private static String tempName(String name) {
    return "." + name + "." + ProcessHandle.current().pid() + "-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".rotate" + TempNames.SUFFIX;
  }

  // ---- the new empty file and compression

  /** A new empty FILE with the old mode and owner, renamed over FILE (which stays present throughout). */
  private void publishEmpty(Ctx ctx) throws IOException {
    String tmp = tempName(ctx.name);
    try (FileHandle fh = os.createExclusive(ctx.dir, tmp, 0600)) {
      try {
        fh.chown(ctx.stat.uid(), ctx.stat.gid());
      } catch (AccessDeniedException e) {
        // not permitted to give it away: it stays ours, as with any rotation by an unprivileged user
      }
      fh.chmod(ctx.stat.mode());
      fh.fsync();
    }
    os.rename(ctx.dir, tmp, ctx.dir, ctx.name, false);
    os.fsync(ctx.dir);
  }

  private void compress(Ctx ctx, int k) throws IOException {
    String plain = genName(ctx.name, k, false);
    String tmp = tempName(ctx.name);
    try (FileHandle in = os.open(ctx.dir, plain, Os.Access.READ, false);
        FileHandle out = os.createExclusive(ctx.dir, tmp, 0600)) {
      FileStat st = in.stat();
      try (GZIPOutputStream gz = new GZIPOutputStream(new HandleOutput(out), 64 * 1024)) {
        byte[] buf = new byte[64 * 1024];
        long pos = 0;
        int n;
        while ((n = in.pread(buf, 0, buf.length, pos)) > 0) {
          gz.write(buf, 0, n);
          pos += n;
        }
      }
      try {
        out.chown(st.uid(), st.gid());
      } catch (AccessDeniedException e) {
        // as above
      }
      out.chmod(st.mode());
      out.fsync();
    }
    try {
      os.rename(ctx.dir, tmp, ctx.dir, plain + ".gz", true);
    } catch (FileAlreadyExistsException e) {
      os.unlink(ctx.dir, tmp);
      throw e;
    }
    os.fsync(ctx.dir);
    os.unlink(ctx.dir, plain);
    os.fsync(ctx.dir);
  }

  /** An OutputStream over a FileHandle (GZIPOutputStream buffers, so writes arrive in large pieces). */
  private static final class HandleOutput extends OutputStream {
    private final FileHandle fh;

    HandleOutput(FileHandle fh) {
      this.fh = fh;
    }

    @Override
    public void write(int b) throws IOException {
      fh.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      fh.write(b, off, len);
    }

    @Override
    public void close() {
      // the handle is closed by its owner
    }
  }
}
