package dev.safefs.sandbox;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.EscapeException;
import dev.safefs.os.FileStat;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Allowed roots, and the resolution of every requested path beneath one of them.
 *
 * <p>How a path is resolved: the requested string is checked (no NUL byte, not empty, no Windows drive), made
 * absolute (a relative path is taken relative to the first root, {@code ~} is the home directory), normalized, and
 * must then lie under a root component by component ({@code /data-evil} is not under {@code /data}). The parent
 * directory is then opened with {@link Os#openDirBeneath} (on Linux openat2 with RESOLVE_BENEATH and
 * RESOLVE_NO_MAGICLINKS): the kernel itself refuses {@code ..}, absolute symlinks and symlinks that leave the root,
 * including a directory swapped for a symlink after any check made here. The last component is only ever used
 * through the descriptor-relative {@code *At} operations without following symlinks. A last component that is a
 * symlink is followed only for reads and writes, and only by resolving its target beneath a root in the same way
 * (deletes and moves act on the link itself). The deny list is checked on the canonical path, symlinks resolved.
 *
 * <p>Hard links: a hard link inside a root is inside for the kernel, and its content is readable (unless
 * {@link SandboxOptions#refuseHardLinkedReads()}); safefs never writes into such a file in place (every write is a
 * replace by rename), so its other names, wherever they are, keep their content.
 *
 * <p>What cannot be closed: a directory that was opened beneath a root and is then moved out of the root by
 * someone else is still the directory the operation works in (no path-based check can see it either). The deny list
 * is checked on the canonical path just before the open: a concurrent swap that redirects a directory into a denied
 * directory of the same root in between is not seen (the kernel still keeps the operation inside the root). On the
 * portable OS layer ({@code -Dsafefs.os=portable}, or outside Linux) {@link Os#openDirBeneath} checks real paths
 * and then opens by path, so a directory swapped for a symlink between that check and the open is followed: the
 * portable path narrows the race to that window but cannot close it.
 */
public final class Sandbox implements AutoCloseable {

  /** What the caller means to do with a path; decides read-only refusal and symlink following. */
  public enum Access {
    READ(false, true), LIST(false, true), WRITE(true, true), CREATE_DIRECTORY(true, true),
    /** delete or move: acts on a final symlink itself. */
    REMOVE(true, false),
    /** stat: reports a final symlink itself, never its target. */
    STAT(false, false);

    final boolean mutating;
    final boolean followFinal;

    Access(boolean mutating, boolean followFinal) {
      this.mutating = mutating;
      this.followFinal = followFinal;
    }

    public boolean mutating() {
      return mutating;
    }
  }

  /** One allowed root: the path it was given by, its real path, and its directory, held open. */
  public record Root(Path given, Path real, Dir dir) {}

  private static final int MAX_LINKS = 40;
  private static final int MAX_PATH = 4096;
  /** A drive-letter path ({@code C:}, {@code C:\\x}, {@code C:/x}): never a path on this host. */
  private static final java.util.regex.Pattern WINDOWS_PATH = java.util.regex.Pattern.compile("[A-Za-z]:([\\\\/].*)?");

  private final Os os;
  private final SandboxOptions options;
  private volatile List<Root> roots;

  private Sandbox(Os os, SandboxOptions options, List<Root> roots) {
    this.os = os;
    this.options = options;
    this.roots = roots;
  }

  /** Opens the roots (each must be an existing directory) and keeps them open. */
  public static Sandbox open(Os os, List<Path> roots, SandboxOptions options) throws IOException {
    return new Sandbox(os, options, openRoots(os, roots));
  }

  public static Sandbox open(List<Path> roots, SandboxOptions options) throws IOException {
    return open(Os.get(), roots, options);
  }

  private static List<Root> openRoots(Os os, List<Path> paths) throws IOException {
    List<Root> opened = new ArrayList<>();
    try {
      for (Path p : paths) {
        Path given = expandHome(p.toString()).toAbsolutePath().normalize();
        Path real;
        try {
          real = given.toRealPath();
        } catch (IOException e) {
          throw SafeFsException.wrap("sandbox", given, "allowed directory", e);
        }
        Dir dir;
        try {
          dir = os.openDir(real);
        } catch (IOException e) {
          throw SafeFsException.wrap("sandbox", given, "allowed directory", e);
        }
        opened.add(new Root(given, real, dir));
      }
    } catch (IOException | RuntimeException e) {
      for (Root r : opened) {
        try {
          r.dir().close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      throw e;
    }
    return List.copyOf(opened);
  }

  public Os os() {
    return os;
  }

  public SandboxOptions options() {
    return options;
  }

  public boolean readOnly() {
    return options.readOnly();
  }

  public List<Root> roots() {
    return roots;
  }

  /** The real paths of the roots, in order. */
  public List<Path> rootPaths() {
    return roots.stream().map(Root::real).toList();
  }

  /**
   * Replaces the roots (MCP roots from the client). The old roots' directories are left open for operations still
   * using them; there are only a few.
   */
  public void replaceRoots(List<Path> paths) throws IOException {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("at least one root is needed");
    }
    roots = openRoots(os, paths);
  }

  /** Refuses a mutating access in read-only mode. */
  public void checkWritable(String op, String requested) throws DeniedException {
    if (options.readOnly()) {
      throw new DeniedException(op, Path.of(requested.replace('\0', '?')), "the server is read-only (--read-only)");
    }
  }

  /** Resolves {@code requested} beneath a root for {@code access}; see the class comment. */
  public Resolved resolve(String op, String requested, Access access) throws SafeFsException {
    if (access.mutating) {
      checkWritable(op, requested == null ? "" : requested);
    }
    return resolve(op, absolute(op, requested), access, 0);
  }

  private Resolved resolve(String op, Path wanted, Access access, int hops) throws SafeFsException {
    List<Root> rs = roots;
    Root root = rootOf(rs, wanted).orElseThrow(() -> new DeniedException(op, wanted,
        "access denied - path outside allowed directories: " + wanted + " not in " + describe(rs)));
    Path relative = wanted.startsWith(root.real()) ? root.real().relativize(wanted) : root.given().relativize(wanted);
    if (relative.toString().isEmpty()) {
      return resolveRoot(op, root);
    }
    checkDeny(op, wanted, relative.toString()); // as requested; the canonical path is checked again below
    Path parentRel = relative.getParent();
    String name = relative.getFileName().toString();
    Path parentReal = realParent(op, root, parentRel, wanted);
    Root parentRoot = rootOf(rs, parentReal).orElseThrow(() -> new DeniedException(op, wanted,
        "access denied - symlink target outside allowed directories: " + parentReal + " not in " + describe(rs)));
    String canonicalParent = parentRoot.real().relativize(parentReal).toString();
    String canonical = canonicalParent.isEmpty() ? name : canonicalParent + "/" + name;
    checkDeny(op, wanted, canonical);
    Dir dir = openBeneath(op, parentRoot, canonicalParent, wanted);
    FileStat st;
    try {
      st = os.stat(dir, name, false);
    } catch (NoSuchFileException e) {
      st = null;
    } catch (IOException e) {
      closeQuietly(dir);
      throw SafeFsException.wrap(op, wanted, "stat", e);
    }
    if (st != null && st.isSymlink() && access.followFinal) {
      String target;
      try {
        target = os.readLink(dir, name);
      } catch (IOException e) {
        throw SafeFsException.wrap(op, wanted, "readlink", e);
      } finally {
        closeQuietly(dir);
      }
      if (hops >= MAX_LINKS) {
        throw new InvalidInputException(op, wanted, "too many levels of symbolic links");
      }
      Path next = parentReal.resolve(target).normalize();
      if (rootOf(rs, next).isEmpty()) {
        throw new DeniedException(op, wanted, "access denied - symlink target outside allowed directories: "
            + next + " not in " + describe(rs));
      }
      return resolve(op, next, access, hops + 1);
    }
    if (st != null && st.isRegularFile() && st.links() > 1 && options.refuseHardLinkedReads()
        && access == Access.READ) {
      closeQuietly(dir);
      throw new DeniedException(op, wanted, "access denied - the file has " + st.links()
          + " hard links, whose other names may be outside the allowed directories");
    }
    return new Resolved(parentRoot.real(), canonical, parentRoot.real().resolve(canonical), dir, name, st,
        parentRoot.dir());
  }

  /**
   * Creates a directory and its missing parents beneath a root (as {@code mkdir -p}); each component is resolved
   * beneath the root before it is created, so no component can be redirected outside. Succeeds silently when the
   * directory exists. Returns the resolved directory.
   */
  public Resolved createDirectories(String op, String requested, int mode) throws SafeFsException {
    checkWritable(op, requested == null ? "" : requested);
    Path wanted = absolute(op, requested);
    List<Root> rs = roots;
    Root root = rootOf(rs, wanted).orElseThrow(() -> new DeniedException(op, wanted,
        "access denied - path outside allowed directories: " + wanted + " not in " + describe(rs)));
    Path base = wanted.startsWith(root.real()) ? root.real() : root.given();
    Path relative = base.relativize(wanted);
    checkDeny(op, wanted, relative.toString());
    for (int i = 1; i <= relative.getNameCount(); i++) {
      Path prefix = base.resolve(relative.subpath(0, i));
      Resolved r = resolve(op, prefix, Access.CREATE_DIRECTORY, 0);
      try {
        if (r.stat() == null) {
          try {
            os.mkdir(r.dir(), r.name(), mode);
          } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile: checked below
          }
        }
        FileStat st = r.statNow(os);
        if (!st.isDirectory()) {
          throw new dev.safefs.ConflictException(op, prefix, "exists and is not a directory");
        }
      } catch (IOException e) {
        closeQuietly(r.dir());
        throw SafeFsException.wrap(op, prefix, "mkdir", e);
      }
      if (i == relative.getNameCount()) {
        return r;
      }
      closeQuietly(r.dir());
    }
    return resolveRoot(op, root);
  }

  private Resolved resolveRoot(String op, Root root) throws SafeFsException {
    Dir dir;
    try {
      dir = os.openDirBeneath(root.dir(), ".");
    } catch (IOException e) {
      throw SafeFsException.wrap(op, root.real(), "open root", e);
    }
    FileStat st;
    try {
      st = os.stat(dir);
    } catch (IOException e) {
      closeQuietly(dir);
      throw SafeFsException.wrap(op, root.real(), "stat root", e);
    }
    return new Resolved(root.real(), "", root.real(), dir, "", st, root.dir());
  }

  /** The real path of the parent directory, which must exist. */
  private Path realParent(String op, Root root, Path parentRel, Path wanted) throws SafeFsException {
    if (parentRel == null) {
      return root.real();
    }
    try {
      return root.real().resolve(parentRel).toRealPath();
    } catch (NoSuchFileException e) {
      throw new NotFoundException(op, wanted, "parent directory does not exist: " + wanted.getParent(), e);
    } catch (IOException e) {
      throw SafeFsException.wrap(op, wanted, "parent directory", e);
    }
  }

  private Dir openBeneath(String op, Root root, String relative, Path wanted) throws SafeFsException {
    try {
      return os.openDirBeneath(root.dir(), relative);
    } catch (EscapeException e) {
      throw new DeniedException(op, wanted,
          "access denied - the path leads outside the allowed directories (" + describe(roots) + ")", e);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(op, wanted, "parent directory does not exist: " + wanted.getParent(), e);
    } catch (NotDirectoryException e) {
      throw new NotFoundException(op, wanted, "parent is not a directory: " + wanted.getParent(), e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Too many levels of symbolic links")) {
        throw new DeniedException(op, wanted, "access denied - the path changed while it was resolved", e);
      }
      throw SafeFsException.wrap(op, wanted, "open directory", e);
    }
  }

  private void checkDeny(String op, Path wanted, String canonical) throws DeniedException {
    Optional<String> rule = options.deny().match(canonical);
    if (rule.isPresent()) {
      throw new DeniedException(op, wanted, "access denied - credential path (deny rule '" + rule.get()
          + "'); the server never reads or writes it");
    }
  }

  /** Whether {@code canonicalRelative} is refused by the deny list (walkers use it to skip entries). */
  public boolean denied(String canonicalRelative) {
    return options.deny().match(canonicalRelative).isPresent();
  }

  /** The root a normalized absolute path lies under, component by component; the longest match wins. */
  private static Optional<Root> rootOf(List<Root> rs, Path p) {
    Root best = null;
    int bestLen = -1;
    for (Root r : rs) {
      for (Path base : new Path[] {r.real(), r.given()}) {
        if (p.startsWith(base) && base.getNameCount() > bestLen) {
          best = r;
          bestLen = base.getNameCount();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Checks the requested string and makes it an absolute, normalized path. */
  Path absolute(String op, String requested) throws SafeFsException {
    if (requested == null) {
      throw new InvalidInputException(op, null, "path is required");
    }
    if (requested.indexOf('\0') >= 0) {
      throw new InvalidInputException(op, Path.of(requested.replace('\0', '?')), "path contains a NUL byte");
    }
    if (requested.length() > MAX_PATH) {
      throw new InvalidInputException(op, null, "path is longer than " + MAX_PATH + " characters");
    }
    if (WINDOWS_PATH.matcher(requested).matches()) {
      throw new DeniedException(op, null, "access denied - Windows-style path on a POSIX host: " + requested);
    }
    Path p;
    try {
      p = expandHome(requested);
    } catch (InvalidPathException e) {
      throw new InvalidInputException(op, null, "malformed path: " + e.getMessage(), e);
    }
    if (!p.isAbsolute()) {
      List<Root> rs = roots;
      if (rs.isEmpty()) {
        throw new DeniedException(op, p, "no allowed directories");
      }
      p = rs.get(0).real().resolve(p);
    }
    return p.normalize();
  }

  private static Path expandHome(String s) {
    if (s.equals("~") || s.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + s.substring(1));
    }
    return Path.of(s);
  }

  private static String describe(List<Root> rs) {
    return rs.stream().map(r -> r.real().toString()).collect(Collectors.joining(", "));
  }

  private static void closeQuietly(Dir d) {
    try {
      d.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    for (Root r : roots) {
      closeQuietly(r.dir());
    }
  }
}
