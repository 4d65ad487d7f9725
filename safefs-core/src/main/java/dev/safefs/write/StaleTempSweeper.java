package dev.safefs.write;

import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;
import dev.safefs.os.LockMode;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes temps left by writers that were killed. A writer holds an exclusive flock on its temp from the moment it
 * creates it until it is closed, so a temp whose lock can be taken has no writer; the pid in the name closes the
 * instant between a live writer's create and its lock: a temp is removed only when its writer process is gone (or
 * its pid now belongs to a process started after the temp was last written).
 */
public final class StaleTempSweeper {

  /** What a sweep did. */
  public record Report(List<Path> removed, List<Path> kept, List<String> errors) {}

  private static final Set<String> SWEPT = ConcurrentHashMap.newKeySet();
  private static final Duration START_TIME_SLACK = Duration.ofSeconds(2);

  private final Os os;

  public StaleTempSweeper(Os os) {
    this.os = os;
  }

  /** The writer's cheap sweep: the first write of this JVM into a directory sweeps it once. */
  void sweepOnce(Dir dir) {
    if (SWEPT.add(dir.path().toString())) {
      try {
        sweep(dir, new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
      } catch (IOException e) {
        // A sweep is housekeeping: it must never fail the write that triggered it.
      }
    }
  }

  /** Sweeps the one open directory {@code dir} (not below it): rotation uses it on a log directory. */
  public Report sweepDir(Dir dir) throws IOException {
    Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    sweep(dir, report);
    return report;
  }

  /** Sweeps {@code root} and, without following symlinks, every directory below it. */
  public Report sweepTree(Path root) throws IOException {
    Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    try (Dir dir = os.openDir(root)) {
      sweepRecursive(dir, report);
    }
    return report;
  }

  private void sweepRecursive(Dir dir, Report report) throws IOException {
    List<String> subdirs = sweep(dir, report);
    for (String name : subdirs) {
      try (Dir sub = os.openDirAt(dir, name, false)) {
        sweepRecursive(sub, report);
      } catch (IOException e) {
        report.errors().add(dir.path().resolve(name) + ": " + e.getMessage());
      }
    }
  }

  /** Sweeps one directory; returns its subdirectories. */
  private List<String> sweep(Dir dir, Report report) throws IOException {
    List<String> temps = new ArrayList<>();
    List<String> subdirs = new ArrayList<>();
    // Names as bytes: a writer sweeps its directory before its first write, and most names there are not temps
    // (a String per name of a big directory was most of a short write's sweep).
    os.listNames(dir, (b, off, len, type) -> {
      if (type == FileType.DIRECTORY) {
        subdirs.add(new String(b, off, len, StandardCharsets.UTF_8));
      } else if (type != FileType.SYMLINK && TempNames.mayBeTemp(b, off, len)) {
        String name = new String(b, off, len, StandardCharsets.UTF_8);
        if (TempNames.isTemp(name)) {
          temps.add(name);
        }
      }
    });
    for (String name : temps) {
      Path p = dir.path().resolve(name);
      try {
        if (removeIfStale(dir, name)) {
          report.removed().add(p);
        } else {
          report.kept().add(p);
        }
      } catch (NoSuchFileException e) {
        // its writer published or removed it meanwhile
      } catch (IOException e) {
        report.errors().add(p + ": " + e.getMessage());
      }
    }
    return subdirs;
  }

  private boolean removeIfStale(Dir dir, String name) throws IOException {
    long pid = TempNames.ownerPid(name);
    String key = dir.path().resolve(name).toString();
    if (pid == TempNames.currentPid() && TempNames.isLiveHere(key)) {
      return false;
    }
    try (FileHandle fh = os.open(dir, name, Os.Access.READ_WRITE, false)) {
      if (!fh.lock(LockMode.EXCLUSIVE, false)) {
        return false; // a live writer holds it
      }
      if (pid != TempNames.currentPid() && writerMayBeAlive(pid, fh.stat())) {
        return false;
      }
      FileStat now = os.stat(dir, name, false);
      if (!now.sameFile(fh.stat())) {
        return false;
      }
      os.unlink(dir, name);
      return true;
    }
  }

  private static boolean writerMayBeAlive(long pid, FileStat temp) {
    Optional<ProcessHandle> ph = ProcessHandle.of(pid);
    if (ph.isEmpty() || !ph.get().isAlive()) {
      return false;
    }
    Optional<Instant> started = ph.get().info().startInstant();
    // A process started after the temp was last written cannot be the writer: the pid was reused.
    return started.isEmpty() || !started.get().isAfter(temp.modified().plus(START_TIME_SLACK));
  }

}
