package dev.safefs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** A small tmpfs mounted for one test (full disk, read-only filesystem); the test is skipped, with the reason,
 *  where mounting is not allowed. */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    var r = ChildJvm.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs",
        dir.toString()), null, 30);
    Assumptions.assumeTrue(r.exitCode() == 0,
        "cannot mount a tmpfs here (needs root in a mount-capable sandbox): " + r.err().strip());
    return new Tmpfs(dir);
  }

  public Path dir() {
    return dir;
  }

  public void remountReadOnly() throws IOException, InterruptedException {
    var r = ChildJvm.run(List.of("mount", "-o", "remount,ro", dir.toString()), null, 30);
    if (r.exitCode() != 0) {
      throw new IOException("remount ro failed: " + r.err());
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    ChildJvm.run(List.of("umount", "-l", dir.toString()), null, 30);
  }
}
