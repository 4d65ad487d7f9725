package dev.safefs.cli;

import dev.safefs.find.WalkOptions;
import dev.safefs.os.FileType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The walk options find, grep and tree share. */
final class WalkFlags {
  @Option(names = {"-g", "--glob"}, paramLabel = "GLOB",
      description = "Only entries whose name (or relative path, when GLOB has a '/') matches; repeatable.")
  List<String> globs = new ArrayList<>();

  @Option(names = {"-E", "--exclude"}, paramLabel = "GLOB",
      description = "Skip entries matching GLOB and everything below them; repeatable.")
  List<String> excludes = new ArrayList<>();

  @Option(names = {"-d", "--max-depth"}, paramLabel = "N",
      description = "Descend at most N levels (1: ROOT's entries).")
  Integer maxDepth;

  @Option(names = {"-H", "--hidden"}, description = "Include hidden entries (names starting with a dot).")
  boolean hidden;

  @Option(names = "--no-ignore", description = "Do not read .gitignore and .ignore files.")
  boolean noIgnore;

  @Option(names = {"-L", "--follow"}, description = "Follow symbolic links (loops are detected and reported).")
  boolean follow;

  @Option(names = "--sort", description = "Sorted, deterministic order (one thread).")
  boolean sort;

  @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Threads (default: one per core).")
  Integer threads;

  WalkOptions options() {
    if (maxDepth != null && maxDepth < 0) {
      throw new IllegalArgumentException("--max-depth must be 0 or more: " + maxDepth);
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be 1 or more: " + threads);
    }
    WalkOptions o = WalkOptions.defaults()
        .withGlobs(globs)
        .withExcludes(excludes)
        .withHidden(hidden)
        .withIgnoreFiles(!noIgnore)
        .withFollowLinks(follow)
        .withSorted(sort);
    if (maxDepth != null) {
      o = o.withMaxDepth(maxDepth);
    }
    if (threads != null) {
      o = o.withThreads(threads);
    }
    return o;
  }

  static Set<FileType> types(List<String> letters) {
    Set<FileType> types = EnumSet.noneOf(FileType.class);
    for (String t : letters) {
      for (String one : t.split(",")) {
        types.add(switch (one) {
          case "f", "file" -> FileType.FILE;
          case "d", "dir", "directory" -> FileType.DIRECTORY;
          case "l", "symlink" -> FileType.SYMLINK;
          case "p", "fifo" -> FileType.FIFO;
          case "s", "socket" -> FileType.SOCKET;
          default -> throw new IllegalArgumentException("--type: unknown type '" + one + "' (f, d, l, p, s)");
        });
      }
    }
    return types;
  }

  /** The prefix printed before relative paths: the root as given, without a trailing slash; none when omitted. */
  static String displayPrefix(String root) {
    if (root == null) {
      return "";
    }
    String r = root;
    while (r.length() > 1 && r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r.equals("/") ? "/" : r + "/";
  }
}
