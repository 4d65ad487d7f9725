package dev.safefs.find;

import dev.safefs.os.FileType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a walk reports. {@code globs}: an entry must match one (on its name, or on its relative path when the glob
 * has a slash); empty means all. {@code excludes}: matching entries are skipped with everything below them.
 * {@code types}: empty means all. {@code maxDepth}: -1 for no limit (1 = the root's own entries). Hidden entries
 * (a name starting with a dot) and entries ignored by {@code .gitignore}/{@code .ignore} files are skipped unless
 * asked. {@code sorted} walks one thread in name order; otherwise entries come in discovery order from
 * {@code threads} threads. {@code stat} attaches a stat to every reported entry (one system call each).
 */
public record WalkOptions(List<Glob> globs, List<Glob> excludes, Set<FileType> types, int maxDepth, boolean hidden,
    boolean ignoreFiles, boolean followLinks, boolean sorted, boolean stat, int threads) {

  public WalkOptions {
    globs = List.copyOf(globs);
    excludes = List.copyOf(excludes);
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    if (maxDepth < -1) {
      throw new IllegalArgumentException("maxDepth must be -1 (no limit) or more: " + maxDepth);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more: " + threads);
    }
  }

  /** Everything not hidden and not ignored, in discovery order, on every core. */
  public static WalkOptions defaults() {
    return new WalkOptions(List.of(), List.of(), Set.of(), -1, false, true, false, false, false,
        Runtime.getRuntime().availableProcessors());
  }

  public WalkOptions withGlobs(List<String> g) {
    return new WalkOptions(g.stream().map(Glob::compile).toList(), excludes, types, maxDepth, hidden, ignoreFiles,
        followLinks, sorted, stat, threads);
  }

  public WalkOptions withExcludes(List<String> g) {
    return new WalkOptions(globs, g.stream().map(Glob::compile).toList(), types, maxDepth, hidden, ignoreFiles,
        followLinks, sorted, stat, threads);
  }

  public WalkOptions withTypes(Set<FileType> t) {
    return new WalkOptions(globs, excludes, t, maxDepth, hidden, ignoreFiles, followLinks, sorted, stat, threads);
  }

  public WalkOptions withMaxDepth(int d) {
    return new WalkOptions(globs, excludes, types, d, hidden, ignoreFiles, followLinks, sorted, stat, threads);
  }

  public WalkOptions withHidden(boolean h) {
    return new WalkOptions(globs, excludes, types, maxDepth, h, ignoreFiles, followLinks, sorted, stat, threads);
  }

  public WalkOptions withIgnoreFiles(boolean i) {
    return new WalkOptions(globs, excludes, types, maxDepth, hidden, i, followLinks, sorted, stat, threads);
  }

  public WalkOptions withFollowLinks(boolean f) {
    return new WalkOptions(globs, excludes, types, maxDepth, hidden, ignoreFiles, f, sorted, stat, threads);
  }

  public WalkOptions withSorted(boolean s) {
    return new WalkOptions(globs, excludes, types, maxDepth, hidden, ignoreFiles, followLinks, s, stat, threads);
  }

  public WalkOptions withStat(boolean s) {
    return new WalkOptions(globs, excludes, types, maxDepth, hidden, ignoreFiles, followLinks, sorted, s, threads);
  }

  public WalkOptions withThreads(int n) {
    return new WalkOptions(globs, excludes, types, maxDepth, hidden, ignoreFiles, followLinks, sorted, stat, n);
  }
}
