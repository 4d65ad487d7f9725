package dev.safefs.find;

import dev.safefs.InvalidInputException;
import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileType;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Searches file contents under a root, on every core: in discovery order each walking thread searches the files it
 * finds (one file's results stay together); in sorted order (asked, or needed for stable pages) one thread walks and
 * opens, a pool searches, and results are handed on in walk order.
 */
public final class ContentSearch {
  private static final int IN_FLIGHT = 64;

  private final Os os;
  private final Path root;
  private final SearchOptions options;
  private final LineFinder finder;

  private ContentSearch(Os os, Path root, SearchOptions options) throws InvalidInputException {
    this.os = os;
    this.root = root;
    this.options = options;
    try {
      this.finder = LineFinder.of(options.pattern(), options.fixed(), options.ignoreCase());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("grep", null, e.getMessage());
    }
  }

  /** Streams results to {@code sink}; ordered when the walk is sorted or the options page. */
  public static WalkSummary search(Path root, SearchOptions options, SearchSink sink) throws IOException {
    return new ContentSearch(Os.get(), root, options).run(sink);
  }

  /** Collects one page of results (see {@link SearchOptions#offset()} and {@link SearchOptions#limit()}). */
  public static SearchResult search(Path root, SearchOptions options) throws IOException {
    Pager pager = new Pager(options);
    WalkSummary summary = search(root, options, pager);
    return new SearchResult(pager.files, pager.matches, pager.truncated, summary.errors());
  }

  private WalkSummary run(SearchSink sink) throws IOException {
    WalkOptions walk = options.walk().withTypes(Set.of(FileType.FILE)).withStat(false);
    boolean ordered = walk.sorted() || options.paged();
    AtomicBoolean stop = new AtomicBoolean();
    // the Linux layer reads into native memory; the portable one keeps to the heap (and the tests run both)
    boolean nativeMemory = os.name().equals("linux"); // (asking Os.linux() would link it for a portable search)
    ThreadLocal<FileSearcher> searchers = ThreadLocal.withInitial(() -> new FileSearcher(finder, options, nativeMemory));
    boolean follow = walk.followLinks();
    if (!ordered) {
      return Walker.walk(os, root, walk, new WalkVisitor() {
        @Override
        public void entry(WalkEntry e, Dir parent) {
          if (stop.get()) {
            return;
          }
          FileMatches fm;
          try (FileHandle f = os.open(parent, e.name(), Os.Access.READ, follow || e.relative().isEmpty())) {
            fm = searchers.get().search(f, e.relative());
          } catch (IOException ex) {
            error(SafeFsException.wrap("grep", display(e), "", ex));
            return;
          }
          if (fm != null && !sink.file(fm)) {
            stop.set(true);
          }
        }

        @Override
        public void error(SafeFsException error) {
          sink.error(error);
        }

        @Override
        public boolean stopped() {
          return stop.get();
        }
      });
    }
    int threads = walk.threads();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "safefs-grep");
      t.setDaemon(true);
      return t;
    });
    ArrayDeque<Future<FileMatches>> inFlight = new ArrayDeque<>();
    ArrayDeque<WalkEntry> names = new ArrayDeque<>();
    long[] errors = {0};
    try {
      WalkSummary summary = Walker.walk(os, root, walk.withSorted(true), new WalkVisitor() {
        @Override
        public void entry(WalkEntry e, Dir parent) {
          if (stop.get()) {
            return;
          }
          FileHandle f;
          try {
            f = os.open(parent, e.name(), Os.Access.READ, follow || e.relative().isEmpty());
          } catch (IOException ex) {
            error(SafeFsException.wrap("grep", display(e), "", ex));
            return;
          }
          inFlight.add(pool.submit(() -> {
            try (f) {
              return searchers.get().search(f, e.relative());
            }
          }));
          names.add(e);
          while (!inFlight.isEmpty() && (inFlight.size() >= IN_FLIGHT || inFlight.peek().isDone())) {
            handOn(inFlight, names, sink, stop, errors);
          }
        }

        @Override
        public void error(SafeFsException error) {
          sink.error(error);
        }

        @Override
        public boolean stopped() {
          return stop.get();
        }
      });
      while (!inFlight.isEmpty()) {
        handOn(inFlight, names, sink, stop, errors);
      }
      return new WalkSummary(summary.entries(), summary.directories(), summary.errors() + errors[0]);
    } finally {
      pool.shutdownNow();
    }
  }

  private void handOn(ArrayDeque<Future<FileMatches>> inFlight, ArrayDeque<WalkEntry> names, SearchSink sink,
      AtomicBoolean stop, long[] errors) {
    Future<FileMatches> f = inFlight.poll();
    WalkEntry e = names.poll();
    FileMatches fm;
    try {
      fm = f.get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      stop.set(true);
      return;
    } catch (ExecutionException ex) {
      errors[0]++;
      Throwable c = ex.getCause();
      IOException io = c instanceof IOException i ? i : new IOException(c);
      sink.error(SafeFsException.wrap("grep", display(e), "", io));
      return;
    }
    if (fm != null && !stop.get() && !sink.file(fm)) {
      stop.set(true);
    }
  }

  private Path display(WalkEntry e) {
    return e.relative().isEmpty() ? root : root.resolve(e.relative());
  }

  /** Keeps one page of results: lines (with their context) or files, from {@code offset}, at most {@code limit}. */
  private static final class Pager implements SearchSink {
    private final SearchOptions options;
    final List<FileMatches> files = new ArrayList<>();
    long matches;
    boolean truncated;
    private long seen;

    Pager(SearchOptions options) {
      this.options = options;
    }

    private boolean inPage(long index) {
      return index >= options.offset() && (options.limit() < 0 || index < options.offset() + options.limit());
    }

    private boolean pastPage(long index) {
      return options.limit() >= 0 && index >= options.offset() + options.limit();
    }

    @Override
    public boolean file(FileMatches fm) {
      if (options.mode() != SearchOptions.Mode.LINES) {
        long i = seen++;
        if (pastPage(i)) {
          truncated = true;
          return false;
        }
        if (inPage(i)) {
          files.add(fm);
          matches += fm.count();
        }
        return true;
      }
      List<MatchLine> lines = fm.lines();
      boolean[] keep = new boolean[lines.size()];
      long kept = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).match()) {
          long idx = seen++;
          if (pastPage(idx)) {
            truncated = true;
          } else if (inPage(idx)) {
            keep[i] = true;
            kept++;
          }
        }
      }
      // context lines go with the nearest match of their run of consecutive lines
      boolean[] ctx = new boolean[lines.size()];
      int lastMatch = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (i > 0 && lines.get(i).number() != lines.get(i - 1).number() + 1) {
          lastMatch = -1;
        }
        if (lines.get(i).match()) {
          lastMatch = i;
        } else if (lastMatch >= 0 && keep[lastMatch]) {
          ctx[i] = true;
        }
      }
      int nextMatch = -1;
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (i < lines.size() - 1 && lines.get(i).number() + 1 != lines.get(i + 1).number()) {
          nextMatch = -1;
        }
        if (lines.get(i).match()) {
          nextMatch = i;
        } else if (nextMatch >= 0 && keep[nextMatch]) {
          ctx[i] = true;
        }
      }
      if (kept > 0) {
        List<MatchLine> page = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          if (keep[i] || ctx[i]) {
            page.add(lines.get(i));
          }
        }
        files.add(new FileMatches(fm.relative(), kept, page));
        matches += kept;
      }
      return !truncated;
    }

    @Override
    public void error(SafeFsException error) {
      // counted in the summary; the page holds results only
    }
  }
}
