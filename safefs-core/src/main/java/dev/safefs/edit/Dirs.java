package dev.safefs.edit;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Directories a patch needs for its new files, and the ones its deletes leave empty (as {@code git apply}). */
final class Dirs {
  private Dirs() {}

  /** Creates the missing parents of {@code file}; returns the ones created, deepest last. */
  static List<Path> ensureParents(Path file) throws SafeFsException {
    List<Path> missing = new ArrayList<>();
    Path p = file.toAbsolutePath().getParent();
    Os os = Os.get();
    while (p != null && !java.nio.file.Files.isDirectory(p)) {
      missing.addFirst(p);
      p = p.getParent();
    }
    List<Path> made = new ArrayList<>();
    for (Path d : missing) {
      try (Dir parent = os.openDir(d.getParent())) {
        os.mkdir(parent, d.getFileName().toString(), 0777);
        os.fsync(parent);
        made.add(d);
      } catch (FileAlreadyExistsException e) {
        // made meanwhile
      } catch (IOException e) {
        throw SafeFsException.wrap(PatchEngine.OP, d, "create directory", e);
      }
    }
    return made;
  }

  /** Removes the directories in {@code made} that are still empty (a failed patch leaves none behind). */
  static void removeEmpty(List<Path> made) {
    for (Path d : made.reversed()) {
      rmdir(d);
    }
  }

  /** Removes each directory that is now empty, and its parents that become empty, never {@code root}. */
  static void removeEmptyUpTo(List<Path> dirs, Path root) {
    Path r = root.toAbsolutePath().normalize();
    for (Path d : dirs) {
      Path p = d.toAbsolutePath().normalize();
      while (p != null && p.startsWith(r) && !p.equals(r) && rmdir(p)) {
        p = p.getParent();
      }
    }
  }

  private static boolean rmdir(Path d) {
    Os os = Os.get();
    try (Dir parent = os.openDir(d.getParent())) {
      os.rmdir(parent, d.getFileName().toString());
      os.fsync(parent);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false; // not empty (or not ours to remove): leave it
    }
  }
}
