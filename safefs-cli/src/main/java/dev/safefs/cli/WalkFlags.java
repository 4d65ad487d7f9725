package dev.safefs.cli;

import dev.safefs.find.WalkOptions;
import dev.safefs.os.FileType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The walk options find, grep and tree share, added to a command built with picocli's programmatic API (for startup
 * speed, see {@link Main}) by {@link #addTo}.
 */
final class WalkFlags {
  private static final String GLOB_DESCRIPTION =
      "Only entries whose name (or relative path, when GLOB has a '/') matches; repeatable.";
  private static final String EXCLUDE_DESCRIPTION = "Skip entries matching GLOB and everything below them; repeatable.";
  private static final String MAX_DEPTH_DESCRIPTION = "Descend at most N levels (1: ROOT's entries).";
  private static final String HIDDEN_DESCRIPTION = "Include hidden entries (names starting with a dot).";
  private static final String NO_IGNORE_DESCRIPTION = "Do not read .gitignore and .ignore files.";
  private static final String FOLLOW_DESCRIPTION = "Follow symbolic links (loops are detected and reported).";
  private static final String SORT_DESCRIPTION = "Sorted, deterministic order (one thread).";
  private static final String THREADS_DESCRIPTION = "Threads (default: one per core).";

  /** The walk options of a programmatic command. */
  record Specs(OptionSpec globs, OptionSpec excludes, OptionSpec maxDepth, OptionSpec hidden, OptionSpec noIgnore,
      OptionSpec follow, OptionSpec sort, OptionSpec threads) {
    WalkOptions options() {
      return WalkFlags.options(CommonOptions.values(globs), CommonOptions.values(excludes), maxDepth.getValue(),
          CommonOptions.isSet(hidden), CommonOptions.isSet(noIgnore), CommonOptions.isSet(follow),
          CommonOptions.isSet(sort), threads.getValue());
    }
  }

  static Specs addTo(CommandSpec spec) {
    Specs s = new Specs(
        CommonOptions.repeatable(OptionSpec.builder("-g", "--glob").paramLabel("GLOB").description(GLOB_DESCRIPTION)),
        CommonOptions.repeatable(
            OptionSpec.builder("-E", "--exclude").paramLabel("GLOB").description(EXCLUDE_DESCRIPTION)),
        CommonOptions.option("N", Integer.class, MAX_DEPTH_DESCRIPTION, "-d", "--max-depth"),
        CommonOptions.flag("-H", "--hidden", HIDDEN_DESCRIPTION),
        CommonOptions.flag("--no-ignore", NO_IGNORE_DESCRIPTION),
        CommonOptions.flag("-L", "--follow", FOLLOW_DESCRIPTION),
        CommonOptions.flag("--sort", SORT_DESCRIPTION),
        CommonOptions.option("N", Integer.class, THREADS_DESCRIPTION, "-j", "--threads"));
    for (OptionSpec o : List.of(s.globs, s.excludes, s.maxDepth, s.hidden, s.noIgnore, s.follow, s.sort,
        s.threads)) {
      spec.addOption(o);
    }
    return s;
  }

  private static WalkOptions options(List<String> globs, List<String> excludes, Integer maxDepth, boolean hidden,
      boolean noIgnore, boolean follow, boolean sort, Integer threads) {
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
